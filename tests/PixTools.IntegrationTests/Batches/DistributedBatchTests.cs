using PixTools.IntegrationTests.Support;

namespace PixTools.IntegrationTests.Batches;

/// <summary>The batch API on the distributed profile: an api and two workers as processes on PostgreSQL, RabbitMQ and s3rver.</summary>
public sealed class DistributedBatchTests(DistributedBatchTests.Cluster cluster) : IClassFixture<DistributedBatchTests.Cluster>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private readonly BatchClient client = new(cluster.Api.CreateClient());

    public sealed class Cluster : DistributedCluster
    {
        protected override IEnumerable<(string Key, string Value)> ClassSettings =>
            BatchScenarios.Settings.Select(s => ("PIXTOOLS_" + s.Key.Replace(":", "__").ToUpperInvariant(), s.Value));
    }

    [Fact]
    public Task MixedFilesEndPartialWithOneZipAndOneWebhook() => BatchScenarios.MixedFilesEndPartialWithOneZipAndOneWebhookAsync(client, Timeout, signingSecret: null);

    [Fact]
    public Task SameKeyAnswersWithTheSameBatch() => BatchScenarios.SameKeyAnswersWithTheSameBatchAsync(client, Timeout);

    [Fact]
    public Task AllFilesRefusedIsA422WithTheReasons() => BatchScenarios.AllFilesRefusedIsA422WithTheReasonsAsync(client);

    [Fact]
    public Task LimitsAndAdmissionRefuseTheWholeBatch() => BatchScenarios.LimitsAndAdmissionRefuseTheWholeBatchAsync(client);

    [Fact]
    public Task OversizeFileIsRefusedAlone() => BatchScenarios.OversizeFileIsRefusedAloneAsync(client, Timeout);

    [Fact]
    public Task CapabilitiesStateTheBatchLimits() => BatchScenarios.CapabilitiesStateTheBatchLimitsAsync(client);

    [Fact]
    public Task WebhookDeliveriesOfABatchAreListed() => BatchWebhookScenarios.WebhookDeliveriesOfABatchAreListedAsync(client, Timeout);

    [Fact]
    public Task EventsFollowTheBatchToItsEnd() => BatchScenarios.EventsFollowTheBatchToItsEndAsync(client, Timeout);
}
