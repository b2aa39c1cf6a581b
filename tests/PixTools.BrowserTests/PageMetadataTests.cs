using System.Text.RegularExpressions;
using PixTools.BrowserTests.Support;

namespace PixTools.BrowserTests;

/// <summary>Issue 19, results and metadata: exposure rule, readable date and place, focal length, orientation-only EXIF.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PageMetadataTests(PixToolsServer server)
{
    [Fact]
    public async Task MetadataIsWrittenForAPerson()
    {
        var page = await server.NewPageAsync();
        await page.ProcessAsync("colorfulcups-exif-gps.jpg", "Metadata");

        await page.ExpectStatusAsync("Completed");
        var panel = page.GetByRole(AriaRole.Region, new() { Name = "Metadata" });
        await Expect(panel.Locator("[data-field=camera_make]")).ToHaveTextAsync("SONY");
        await Expect(panel.Locator("[data-field=exposure_time]")).ToHaveTextAsync("1/640s");
        await Expect(panel.Locator("[data-field=focal_length]")).ToHaveTextAsync("28 mm (42 mm in 35 mm terms)");
        await Expect(panel.Locator("[data-field=captured_at]")).ToHaveTextAsync("29 April 2014 at 14:25:26");
        await Expect(panel.Locator("[data-field=captured_at] time")).ToHaveAttributeAsync("datetime", "2014-04-29T14:25:26");
        await Expect(panel.Locator("[data-field=gps] [data-value=gps]")).ToHaveTextAsync("56.155995° N, 10.208205° E");
        var map = panel.GetByRole(AriaRole.Link, new() { Name = "Open map" });
        await Expect(map).ToHaveAttributeAsync("href", new Regex(@"^https://www\.openstreetmap\.org/\?mlat=56\.155995&mlon=10\.208205"));
        await Expect(page.Locator("#metadata-empty")).ToBeHiddenAsync();
        // Western and southern hemispheres, by the page's own formatter.
        Assert.Equal("51.500729° N, 0.124625° W", await page.EvaluateAsync<string>("async () => (await import('/js/metadata-view.js')).readableGps(51.500729, -0.124625)"));
        Assert.Equal("33.856784° S, 151.215297° E", await page.EvaluateAsync<string>("async () => (await import('/js/metadata-view.js')).readableGps(-33.856784, 151.215297)"));
    }

    [Fact]
    public async Task APointFourSecondExposureIsNotOneThird()
    {
        var page = await server.NewPageAsync();
        await page.ProcessAsync("storm-exif-lens.jpg", "Metadata");

        await page.ExpectStatusAsync("Completed");
        var panel = page.GetByRole(AriaRole.Region, new() { Name = "Metadata" });
        await Expect(panel.Locator("[data-field=exposure_time]")).ToHaveTextAsync("0.4s");
        await Expect(panel.Locator("[data-field=focal_length]")).ToHaveTextAsync("18 mm");
        await Expect(panel.Locator("[data-field=lens_model]")).ToHaveTextAsync("EF-S18-55mm f/3.5-5.6");
    }

    [Fact]
    public async Task AnOrientationOnlyPhotoShowsItsOrientationAndSaysNoCameraData()
    {
        var page = await server.NewPageAsync();
        await page.ProcessAsync("rocket-orient6.jpg", "Metadata");

        await page.ExpectStatusAsync("Completed");
        var panel = page.GetByRole(AriaRole.Region, new() { Name = "Metadata" });
        await Expect(panel.Locator("[data-field=orientation]")).ToHaveTextAsync("Rotated 90° clockwise (the outputs are turned upright)");
        await Expect(page.Locator("#metadata-empty")).ToHaveTextAsync(new Regex("^No camera data: apart from the orientation"));
        await Expect(panel).Not.ToContainTextAsync("no EXIF metadata");

        await page.ProcessAsync("friends-portrait.jpg", "Metadata");
        await page.ExpectStatusAsync("Completed");
        await Expect(panel.Locator("[data-field]")).ToHaveCountAsync(0);
        await Expect(page.Locator("#metadata-empty")).ToHaveTextAsync(new Regex("^No camera data: this image carries no EXIF"));
    }
}
