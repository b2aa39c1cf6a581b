using PixTools.IntegrationTests.Support;

namespace PixTools.IntegrationTests.Batches;

/// <summary>The batch API on the embedded profile (SQLite, local folder, in-process queue).</summary>
public sealed class EmbeddedBatchTests(EmbeddedBatchTests.App app)
    : BatchApiTests(new BatchClient(app.CreateClient()), TimeSpan.FromSeconds(60), Secret), IClassFixture<EmbeddedBatchTests.App>
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    public sealed class App : PixToolsApp
    {
        protected override IEnumerable<(string Key, string Value)> Settings => [.. BatchScenarios.Settings, ("Webhooks:SigningSecret", Secret)];
    }
}
