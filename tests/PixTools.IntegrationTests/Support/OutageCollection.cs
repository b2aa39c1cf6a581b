namespace PixTools.IntegrationTests.Support;

/// <summary>
/// Tests that stop a shared service (PostgreSQL, RabbitMQ) or load the machine: they run alone, after the others,
/// so no other test sees their outages.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OutageCollection
{
    public const string Name = "outages";
}
