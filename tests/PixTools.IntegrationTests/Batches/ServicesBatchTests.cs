using PixTools.IntegrationTests.Support;

namespace PixTools.IntegrationTests.Batches;

/// <summary>
/// The batch API in this test process on the distributed profile's services (PostgreSQL, RabbitMQ, s3rver): the same
/// store, queue and storage code as <see cref="DistributedBatchTests"/>, without waiting for three processes to start.
/// </summary>
public sealed class ServicesBatchTests(ServicesBatchTests.App app) : IClassFixture<ServicesBatchTests.App>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private readonly BatchClient client = new(app.CreateClient());

    public sealed class App : PixToolsApp
    {
        private readonly PostgresDatabase database = new();
        private readonly string prefix = TestRabbitMq.NewPrefix();
        private readonly string bucket = $"pixtools-test-{Guid.NewGuid():N}";

        protected override IEnumerable<(string Key, string Value)> Settings =>
            [
                .. BatchScenarios.Settings,
                ("Database:Provider", "postgres"),
                ("Database:ConnectionString", database.ConnectionString),
                .. TestRabbitMq.Environment(prefix).Concat(TestS3.Environment(bucket))
                    .Select(e => (e.Key["PIXTOOLS_".Length..].Replace("__", ":"), e.Value)),
            ];

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing) database.Dispose();
        }
    }

    [Fact]
    public Task MixedFilesEndPartialWithOneZipAndOneWebhook() => BatchScenarios.MixedFilesEndPartialWithOneZipAndOneWebhookAsync(client, Timeout, signingSecret: null);

    [Fact]
    public Task SameKeyAnswersWithTheSameBatch() => BatchScenarios.SameKeyAnswersWithTheSameBatchAsync(client, Timeout);

    [Fact]
    public Task EventsFollowTheBatchToItsEnd() => BatchScenarios.EventsFollowTheBatchToItsEndAsync(client, Timeout);
}
