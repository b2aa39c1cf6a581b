using PixTools.IntegrationTests.Support;

namespace PixTools.IntegrationTests;

/// <summary>The Imaging section is validated at start: a bad value stops the process with a message naming its key.</summary>
public sealed class ImagingStartupTests
{
    private sealed class ImagingApp(string key, string value) : PixToolsApp
    {
        protected override IEnumerable<(string Key, string Value)> Settings => [(key, value)];
    }

    [Theory]
    [InlineData("Imaging:AvifTune", "fast")]
    [InlineData("Imaging:AvifTune", "SSIM")]
    [InlineData("Imaging:AvifEffort", "10")]
    [InlineData("Imaging:PngFilters", "sharp")]
    public void ABadImagingSettingStopsTheStartNamingItsKey(string key, string value)
    {
        using var app = new ImagingApp(key, value);

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains(key.Split(':')[1], error.ToString());
    }
}
