using PixTools.BrowserTests.Support;

namespace PixTools.BrowserTests;

/// <summary>
/// Issue 19: download links expire (here after 10 s, Storage:DownloadUrlLifetime) and the page fetches fresh ones, so a
/// download still works later; the page states both lifetimes from /api/capabilities.
/// </summary>
[Collection(ShortLinksBrowserCollection.Name)]
public sealed class LinkRefreshTests(LinkRefreshTests.ShortLinksServer server)
{
    public sealed class ShortLinksServer : PixToolsServer
    {
        protected override IEnumerable<(string Key, string Value)> Settings => [("Storage:DownloadUrlLifetime", "00:00:10")];
    }

    [Fact]
    public async Task ADownloadAfterTheLinkExpiredStillWorks()
    {
        var page = await server.NewPageAsync();
        await Expect(page.Locator("footer")).ToHaveTextAsync(
            "Results are kept for 24 hours, then deleted. Each download link works for 10 seconds; this page fetches fresh links when they run out.", new() { Timeout = 30_000 });
        await page.ProcessAsync("coffee.png", "WebP");
        await page.ExpectStatusAsync("Completed");
        var link = page.GetByRole(AriaRole.Link, new() { Name = "Download WebP" });
        var first = await link.GetAttributeAsync("href");
        await Expect(page.Locator("#links-note")).ToHaveTextAsync("Each download link works for 10 seconds; the page fetches fresh ones when they run out.");

        // The first link really expires: the server refuses it after its lifetime.
        await Task.Delay(TimeSpan.FromSeconds(11));
        using (var stale = await server.Http.GetAsync(first))
        {
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, stale.StatusCode);
        }
        await Expect(link).Not.ToHaveAttributeAsync("href", first!);
        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        Assert.Null(await download.FailureAsync());
        Assert.Equal("pixtools_webp_coffee.webp", download.SuggestedFilename);
        Assert.True(new FileInfo(await download.PathAsync()).Length > 0);
    }
}

/// <summary>The short-lived-links server runs beside the shared one, with its own browser.</summary>
[CollectionDefinition(Name)]
public sealed class ShortLinksBrowserCollection : ICollectionFixture<LinkRefreshTests.ShortLinksServer>
{
    public const string Name = "browser-short-links";
}
