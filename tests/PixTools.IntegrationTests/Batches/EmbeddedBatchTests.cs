using PixTools.IntegrationTests.Support;

namespace PixTools.IntegrationTests.Batches;

/// <summary>The batch API on the embedded profile (SQLite, local folder, in-process queue).</summary>
public sealed class EmbeddedBatchTests(EmbeddedBatchTests.App app) : IClassFixture<EmbeddedBatchTests.App>
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly BatchClient client = new(app.CreateClient());

    public sealed class App : PixToolsApp
    {
        protected override IEnumerable<(string Key, string Value)> Settings => [.. BatchScenarios.Settings, ("Webhooks:SigningSecret", Secret)];
    }

    [Fact]
    public Task MixedFilesEndPartialWithOneZipAndOneWebhook() => BatchScenarios.MixedFilesEndPartialWithOneZipAndOneWebhookAsync(client, Timeout, Secret);

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
