using PixTools.IntegrationTests.Support;

namespace PixTools.IntegrationTests.Batches;

/// <summary>The batch API on the distributed profile: an api and two workers as processes on PostgreSQL, RabbitMQ and s3rver.</summary>
public sealed class DistributedBatchTests(DistributedBatchTests.Cluster cluster)
    : BatchApiTests(new BatchClient(cluster.Api.CreateClient()), TimeSpan.FromSeconds(90), signingSecret: null), IClassFixture<DistributedBatchTests.Cluster>
{
    public sealed class Cluster : DistributedCluster
    {
        protected override IEnumerable<(string Key, string Value)> ClassSettings =>
            BatchScenarios.Settings.Select(s => ("PIXTOOLS_" + s.Key.Replace(":", "__").ToUpperInvariant(), s.Value));
    }
}
