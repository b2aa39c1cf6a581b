namespace PixTools.IntegrationTests.Batches;

/// <summary>
/// The batch API's tests (<see cref="BatchScenarios"/>), run on each profile by a subclass: <see cref="EmbeddedBatchTests"/>,
/// <see cref="DistributedBatchTests"/>. <paramref name="signingSecret"/> is the servers' Webhooks:SigningSecret when the
/// test knows it (the webhook's signature is then checked).
/// </summary>
public abstract class BatchApiTests(BatchClient client, TimeSpan timeout, string? signingSecret)
{
    [Fact]
    public Task MixedFilesEndPartialWithOneZipAndOneWebhook() => BatchScenarios.MixedFilesEndPartialWithOneZipAndOneWebhookAsync(client, timeout, signingSecret);

    [Fact]
    public Task SameKeyAnswersWithTheSameBatch() => BatchScenarios.SameKeyAnswersWithTheSameBatchAsync(client, timeout);

    [Fact]
    public Task AllFilesRefusedIsA422WithTheReasons() => BatchScenarios.AllFilesRefusedIsA422WithTheReasonsAsync(client);

    [Fact]
    public Task SameWithAQualityServesEveryFormatOfABatch() => BatchScenarios.SameWithAQualityServesEveryFormatOfABatchAsync(client, timeout);

    [Fact]
    public Task FilesUnderTheirListNamesAreTaken() => BatchScenarios.FilesUnderTheirListNamesAreTakenAsync(client, timeout);

    [Fact]
    public Task LimitsRefuseTheWholeBatch() => BatchScenarios.LimitsRefuseTheWholeBatchAsync(client);

    [Fact]
    public Task OversizeFileIsRefusedAlone() => BatchScenarios.OversizeFileIsRefusedAloneAsync(client, timeout);

    [Fact]
    public Task CapabilitiesStateTheBatchLimits() => BatchScenarios.CapabilitiesStateTheBatchLimitsAsync(client);

    [Fact]
    public Task WebhookDeliveriesOfABatchAreListed() => BatchWebhookScenarios.WebhookDeliveriesOfABatchAreListedAsync(client, timeout);

    [Fact]
    public Task EventsFollowTheBatchToItsEnd() => BatchScenarios.EventsFollowTheBatchToItsEndAsync(client, timeout);
}
