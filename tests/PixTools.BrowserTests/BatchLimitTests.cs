using System.Text.RegularExpressions;
using PixTools.BrowserTests.Support;

namespace PixTools.BrowserTests;

/// <summary>
/// The page's batch flow against a server with small batch limits (read from GET /api/capabilities): too many files are
/// refused in the page before anything is sent, a file over the per-file limit is left out and listed, and the batch
/// card shows the batch webhook's delivery (GET /api/batches/{id}/webhook-deliveries).
/// </summary>
[Collection(SmallBatchesBrowserCollection.Name)]
public sealed class BatchLimitTests(BatchLimitTests.SmallBatchesServer server)
{
    public sealed class SmallBatchesServer : PixToolsServer
    {
        protected override IEnumerable<(string Key, string Value)> Settings =>
            [("Batches:MaxFiles", "3"), ("Batches:MaxBytes", "2000000"), ("Limits:MaxUploadBytes", "300000")];
    }

    [Fact]
    public async Task TooManyFilesAreRefusedInThePageBeforeAnythingIsSent()
    {
        var page = await server.NewPageAsync();
        var posted = 0;
        page.Request += (_, request) => { if (request.Method == "POST" && request.Url.EndsWith("/api/batches", StringComparison.Ordinal)) posted++; };
        await Expect(page.Locator("[data-limit=upload]").First).ToHaveTextAsync("293 KiB", new() { Timeout = 30_000 });
        await Expect(page.Locator("#batch-limits")).ToHaveTextAsync("Up to 3 files, 1.9 MiB together.");
        await page.GetByLabel("Choose several files").SetInputFilesAsync(
            new[] { "rocket-orient6.jpg", "camera-gray.png", "chelsea-exif.png", "rocket-orient6.jpg" }
                .Select((name, i) => Payload($"{i}-{name}", name)).ToArray());
        const string sentence = "You chose 4 images, but a batch may carry at most 3. Choose fewer files, or send the others in another batch.";
        await Expect(page.Locator("#batch-limit")).ToHaveTextAsync(sentence);
        await page.Operation("WebP").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Process" }).ClickAsync();

        await Expect(page.Locator("#form-error")).ToHaveTextAsync(sentence);
        await Expect(page.Locator("#batch")).ToBeHiddenAsync();
        Assert.Equal(0, posted);
    }

    [Fact]
    public async Task AFileOverTheLimitIsLeftOutAndTheBatchWebhookIsShown()
    {
        var page = await server.NewPageAsync();
        await Expect(page.Locator("[data-limit=upload]").First).ToHaveTextAsync("293 KiB", new() { Timeout = 30_000 });
        await page.GetByText("Webhook (optional)").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create sandbox inbox" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Use inbox URL" }).ClickAsync();
        await page.GetByLabel("Choose several files").SetInputFilesAsync(
            new[] { "rocket-orient6.jpg", "coffee.png", "camera-gray.png" }.Select(name => Payload(name, name)).ToArray());
        await Expect(page.Locator("#batch-limit")).ToHaveTextAsync("1 file over the limit of 293 KiB for one file will be left out.");
        await page.Operation("WebP").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Process" }).ClickAsync();

        await Expect(page.Locator("#batch-status")).ToHaveTextAsync("Completed", new() { Timeout = 60_000 });
        var rows = page.GetByRole(AriaRole.List, new() { Name = "Files of the batch" }).GetByRole(AriaRole.Listitem);
        await Expect(rows).ToHaveCountAsync(2);
        var refused = page.GetByRole(AriaRole.List, new() { Name = "Refused at upload" }).GetByRole(AriaRole.Listitem);
        await Expect(refused).ToHaveTextAsync("coffee.png — This file is 456 KiB, larger than the limit of 293 KiB for one file; it was not sent.");
        var webhook = page.Locator("#batch-webhook");
        await Expect(webhook).ToHaveTextAsync(new Regex(@"^Webhook delivered \(HTTP 2\d\d"), new() { Timeout = 30_000 });
        await Expect(webhook).ToHaveAttributeAsync("data-state", "delivered");
        await Screenshots.SaveAsync(page);
    }

    private static FilePayload Payload(string name, string photo) =>
        new() { Name = name, MimeType = photo.EndsWith(".png", StringComparison.Ordinal) ? "image/png" : "image/jpeg", Buffer = TestPhotos.Read(photo) };
}

/// <summary>The small-batches server runs beside the shared one, with its own browser.</summary>
[CollectionDefinition(Name)]
public sealed class SmallBatchesBrowserCollection : ICollectionFixture<BatchLimitTests.SmallBatchesServer>
{
    public const string Name = "browser-small-batches";
}
