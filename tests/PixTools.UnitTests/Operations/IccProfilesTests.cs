using NetVips;
using PixTools.Operations.Vips;
using PixTools.Operations;

namespace PixTools.UnitTests.Operations;

public class IccProfilesTests
{
    [Theory]
    [InlineData("colorfulcups-exif-gps.jpg", true)]
    [InlineData("chelsea-exif.png", true)]
    [InlineData("rocket-orient6.jpg", false)]
    public void TellsSrgbProfilesFromOthers(string photo, bool srgb)
    {
        using var image = Image.NewFromFile(TestPhotos.PathOf(photo));

        Assert.Equal(srgb, IccProfiles.IsSrgbCompatible((byte[])image.Get("icc-profile-data")));
    }

    [Fact]
    public void AnUnreadableProfileIsNotTakenForSrgb()
    {
        Assert.False(IccProfiles.IsSrgbCompatible(new byte[200]));
        Assert.False(IccProfiles.IsSrgbCompatible([1, 2, 3]));
    }

    [Fact]
    public async Task AdobeRgbPixelsAreConvertedBeforeTheProfileIsDropped()
    {
        var rocket = TestPhotos.Read("rocket-orient6.jpg");
        using var original = Image.NewFromBuffer(rocket);
        using var plain = original.Autorot();
        using var managed = plain.IccTransform("srgb", embedded: true);

        var (_, png) = await TestImages.ConvertAsync(ImageFormats.Png, rocket, ImageFormats.Jpeg);

        using var output = Image.NewFromBuffer(png);
        // The output matches libvips' colour-managed pixels, not the raw Adobe RGB numbers.
        Assert.True((output - managed).Abs().Max() <= 1, "output differs from the sRGB-converted pixels");
        Assert.True((output - plain).Abs().Max() > 5, "output kept the Adobe RGB numbers");
    }
}
