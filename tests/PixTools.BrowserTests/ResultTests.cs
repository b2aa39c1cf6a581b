using System.IO.Compression;
using PixTools.BrowserTests.Support;

namespace PixTools.BrowserTests;

/// <summary>The product plan's "ZIP Bundle" check, with the live progress and result cards on the way.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ResultTests(PixToolsServer server)
{
    [Fact]
    public async Task ProcessShowsProgressAndResultCardsAndTheZipHoldsEveryProcessedFormat()
    {
        var page = await server.NewPageAsync();
        await RecordFirstCardTopAsync(page);
        await page.ProcessAsync("coffee.png", "JPG", "WebP", "AVIF");

        await page.ExpectStatusAsync("Completed");
        var progress = page.GetByRole(AriaRole.List, new() { Name = "Progress per operation" });
        await Expect(progress.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(3);
        await Expect(progress.Locator("[data-state=succeeded]")).ToHaveCountAsync(3);
        var results = page.GetByRole(AriaRole.List, new() { Name = "Results" });
        await Expect(results.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(3);
        var webp = results.Locator("[data-op=webp]");
        await Expect(webp.Locator("[data-fact=size]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^[\d,]+ bytes"));
        await Expect(webp.Locator("[data-fact=dimensions]")).ToHaveTextAsync("600 × 400 px");
        await Expect(webp.GetByRole(AriaRole.Img)).ToHaveJSPropertyAsync("complete", true);

        var single = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download WebP" }).ClickAsync());
        Assert.Equal("pixtools_webp_coffee.webp", single.SuggestedFilename);

        var zipButton = page.GetByRole(AriaRole.Link, new() { Name = "Download all (.zip)" });
        await Expect(zipButton).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Screenshots.SaveAsync(page);
        // The ZIP came after the cards (it is made when the job ends) and took the place kept for it: no card moved.
        Assert.Single(await page.EvaluateAsync<int[]>("() => [...new Set(window.firstCardTops)]"));
        var download = await page.RunAndWaitForDownloadAsync(() => zipButton.ClickAsync());
        var path = Path.Combine(Path.GetTempPath(), $"pixtools-zip-{Guid.NewGuid():N}.zip");
        await download.SaveAsAsync(path);
        try
        {
            using var zip = ZipFile.OpenRead(path);
            Assert.Equal(["pixtools_avif_coffee.avif", "pixtools_jpg_coffee.jpg", "pixtools_webp_coffee.webp"], zip.Entries.Select(e => e.FullName).Order());
            Assert.All(zip.Entries, e => Assert.True(e.Length > 0, $"{e.FullName} is empty"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Records the first result card's top (in the document) after every change in the job panel.</summary>
    private static Task RecordFirstCardTopAsync(IPage page) => page.EvaluateAsync("""
        () => {
          window.firstCardTops = [];
          new MutationObserver(() => {
            const card = document.querySelector('#results li');
            if (card) window.firstCardTops.push(Math.round(card.getBoundingClientRect().top + window.scrollY));
          }).observe(document.getElementById('job'), { subtree: true, childList: true, attributes: true, characterData: true });
        }
        """);
}
