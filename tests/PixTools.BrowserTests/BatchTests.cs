using System.IO.Compression;
using System.Text;
using PixTools.BrowserTests.Support;

namespace PixTools.BrowserTests;

/// <summary>The page's batch flow: several files or a folder → one batch card with a progress bar, a row per file and the ZIP.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BatchTests(PixToolsServer server)
{
    [Fact]
    public async Task SeveralFilesBecomeOneBatchWithARowPerFileAndOneZip()
    {
        var page = await server.NewPageAsync();
        // Well formed to every check at upload; only decoding its pixels finds the damage, so its own job fails.
        var corrupt = CraftedImages.PngWithDamagedImageData(TestPhotos.Read("coffee.png"));
        await page.GetByLabel("Choose several files").SetInputFilesAsync(new[]
        {
            Payload("coffee.png", "image/png", TestPhotos.Read("coffee.png")),
            // A JPEG saved under a .png name (as some apps do): the bytes decide, so it is converted, not refused.
            Payload("storm-exif-lens.png", "image/png", TestPhotos.Read("storm-exif-lens.jpg")),
            Payload("damaged.png", "image/png", corrupt),
            Payload("fake.png", "image/png", Encoding.UTF8.GetBytes("plain text, not a PNG")),
        });
        await Expect(page.Locator("#batch-count")).ToContainTextAsync("4 images chosen");
        await page.Operation("WebP").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Process" }).ClickAsync();

        var card = page.Locator("#batch");
        await Expect(card.Locator("#batch-status")).ToHaveTextAsync("Partly failed", new() { Timeout = 60_000 });
        var rows = page.GetByRole(AriaRole.List, new() { Name = "Files of the batch" }).GetByRole(AriaRole.Listitem);
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(rows.Nth(0)).ToContainTextAsync("coffee.png");
        await Expect(rows.Nth(2)).ToContainTextAsync("Failed");
        await Expect(page.Locator("#batch-progress")).ToHaveJSPropertyAsync("value", 3);
        await Expect(page.Locator("#batch-counts")).ToHaveTextAsync("3 of 3 done · 1 failed");
        var refused = page.GetByRole(AriaRole.List, new() { Name = "Refused at upload" }).GetByRole(AriaRole.Listitem);
        await Expect(refused).ToHaveCountAsync(1);
        await Expect(refused).ToContainTextAsync("fake.png — file bytes are not a");

        var zipButton = page.GetByRole(AriaRole.Link, new() { Name = "Download the batch (.zip)" });
        await Expect(zipButton).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Screenshots.SaveAsync(page);
        var download = await page.RunAndWaitForDownloadAsync(() => zipButton.ClickAsync());
        Assert.Matches("^pixtools_batch_[0-9a-f-]{36}\\.zip$", download.SuggestedFilename);
        Assert.Equal(["coffee/pixtools_webp_coffee.webp", "storm-exif-lens/pixtools_webp_storm-exif-lens.webp"], await EntriesAsync(download));
    }

    [Fact]
    public async Task AFolderIsSentAsOneBatchLeavingOutWhatIsNoImage()
    {
        var folder = Directory.CreateTempSubdirectory("pixtools-folder-");
        try
        {
            Directory.CreateDirectory(Path.Combine(folder.FullName, "more"));
            File.Copy(TestPhotos.PathOf("rocket-orient6.jpg"), Path.Combine(folder.FullName, "rocket.jpg"));
            File.Copy(TestPhotos.PathOf("camera-gray.png"), Path.Combine(folder.FullName, "more", "rocket.png"));
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "readme.txt"), "not an image");
            var page = await server.NewPageAsync();
            await page.GetByLabel("Choose a folder").SetInputFilesAsync(folder.FullName);
            await Expect(page.Locator("#batch-count")).ToContainTextAsync("2 images chosen");
            await Expect(page.Locator("#batch-skipped")).ToHaveTextAsync("1 other file left out (not JPEG, PNG, WebP, AVIF, TIFF, GIF or HEIC).");
            await page.Operation("AVIF").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Process" }).ClickAsync();

            await Expect(page.Locator("#batch-status")).ToHaveTextAsync("Completed", new() { Timeout = 60_000 });
            await Expect(page.Locator("#batch-message")).ToHaveTextAsync("Every file was processed.");
            var zipButton = page.GetByRole(AriaRole.Link, new() { Name = "Download the batch (.zip)" });
            await Expect(zipButton).ToBeVisibleAsync(new() { Timeout = 30_000 });
            var download = await page.RunAndWaitForDownloadAsync(() => zipButton.ClickAsync());
            // Both files are named "rocket": the second folder gets " (2)".
            var entries = await EntriesAsync(download);
            Assert.Equal(2, entries.Count);
            Assert.Equal(["rocket", "rocket (2)"], entries.Select(e => e.Split('/')[0]).Order(StringComparer.Ordinal));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static FilePayload Payload(string name, string type, byte[] bytes) => new() { Name = name, MimeType = type, Buffer = bytes };

    private static async Task<List<string>> EntriesAsync(IDownload download)
    {
        var path = Path.Combine(Path.GetTempPath(), $"pixtools-batch-{Guid.NewGuid():N}.zip");
        await download.SaveAsAsync(path);
        try
        {
            using var zip = ZipFile.OpenRead(path);
            Assert.All(zip.Entries, e => Assert.True(e.Length > 0, $"{e.FullName} is empty"));
            return zip.Entries.Select(e => e.FullName).ToList();
        }
        finally
        {
            File.Delete(path);
        }
    }
}
