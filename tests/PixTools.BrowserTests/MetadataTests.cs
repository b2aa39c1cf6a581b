using PixTools.BrowserTests.Support;

namespace PixTools.BrowserTests;

/// <summary>The METADATA panel shows the EXIF of a tagged photo (values from testdata/photos/MANIFEST.md).</summary>
[Collection(BrowserCollection.Name)]
public sealed class MetadataTests(PixToolsServer server)
{
    [Fact]
    public async Task MetadataPanelShowsTheExifOfATaggedPhoto()
    {
        var page = await server.NewPageAsync();
        await page.ProcessAsync("colorfulcups-exif-gps.jpg", "Metadata");

        await page.ExpectStatusAsync("Completed");
        var panel = page.GetByRole(AriaRole.Region, new() { Name = "Metadata" });
        await Expect(panel.Locator("[data-field=camera_make]")).ToHaveTextAsync("SONY");
        await Expect(panel.Locator("[data-field=camera_model]")).ToHaveTextAsync("NEX-3N");
        await Expect(panel.Locator("[data-field=exposure_time]")).ToHaveTextAsync("1/640s");
        await Expect(panel.Locator("[data-field=aperture]")).ToHaveTextAsync("f/8");
        await Expect(panel.Locator("[data-field=iso]")).ToHaveTextAsync("400");
        await Expect(panel.Locator("[data-field=captured_at]")).ToHaveTextAsync("29 April 2014 at 14:25:26");
        await Expect(panel.Locator("[data-field=gps]")).ToContainTextAsync("56.155995° N, 10.208205° E");
        await Expect(panel.Locator("[data-field=lens_model]")).ToHaveCountAsync(0);
        var map = panel.GetByRole(AriaRole.Link, new() { Name = "Open map" });
        await Expect(map).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex(@"mlat=56\.155995&mlon=10\.208205"));

        // The job is remembered in this browser's history.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Open job colorfulcups-exif-gps.jpg" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page);
    }
}
