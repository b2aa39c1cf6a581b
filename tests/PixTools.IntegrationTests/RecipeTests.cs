using PixTools.IntegrationTests.Support;

namespace PixTools.IntegrationTests;

/// <summary>The <c>outputs</c> wire format on the embedded profile (one process, SQLite, local files).</summary>
public sealed class EmbeddedRecipeTests(PixToolsApp app) : RecipeTestsBase, IClassFixture<PixToolsApp>
{
    private readonly JobClient client = new(app.CreateClient());

    protected override JobClient Client => client;
}

/// <summary>The <c>outputs</c> wire format on the distributed profile: an api and two workers on PostgreSQL, RabbitMQ and s3rver.</summary>
public sealed class DistributedRecipeTests(DistributedCluster cluster) : RecipeTestsBase, IClassFixture<DistributedCluster>
{
    private readonly JobClient client = cluster.Client;

    protected override JobClient Client => client;
}
