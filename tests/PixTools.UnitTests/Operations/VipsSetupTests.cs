using NetVips;
using PixTools.Operations;
using PixTools.Operations.Vips;

namespace PixTools.UnitTests.Operations;

public class VipsSetupTests
{
    public VipsSetupTests() => TestImages.EnsureVipsSetUp();

    public static TheoryData<string> Blocked() => ["ppm", "svg"];

    public static TheoryData<string> Allowed() => ["jpg", "png", "webp", "avif", "tiff", "gif"];

    // A 2×2 binary PGM (Netpbm), read by libvips' ppmload, which stays blocked.
    private static readonly byte[] Pgm = [.. "P5\n2 2\n255\n"u8, 0, 64, 128, 255];

    [Theory]
    [MemberData(nameof(Blocked))]
    public void BlockedLoadersCannotReadTheirFormat(string format)
    {
        var bytes = format switch
        {
            // Saving is not blocked, so libvips itself can make the files it must then refuse to load.
            "ppm" => Pgm,
            _ => "<svg xmlns='http://www.w3.org/2000/svg' width='8' height='8'><rect width='8' height='8'/></svg>"u8.ToArray(),
        };

        Assert.Throws<VipsException>(() => Image.NewFromBuffer(bytes));
        // libvips' error text is one buffer for the whole process, so concurrent failures can change the message;
        // that no loader is found for the bytes is the deterministic fact.
        Assert.Null(Image.FindLoadBuffer(bytes));
    }

    [Theory]
    [MemberData(nameof(Allowed))]
    public void AllowedLoadersStillRead(string format)
    {
        var bytes = format switch
        {
            "tiff" => TestImages.Save("coffee.png", i => i.TiffsaveBuffer()),
            "gif" => TestImages.Save("coffee.png", i => i.GifsaveBuffer()),
            _ => TestImages.InFormat(ImageFormats.ForOperation(format)!),
        };
        using var image = Image.NewFromBuffer(bytes);

        Assert.True(image.Width > 0);
    }

    [Fact]
    public async Task ABlockedFormatFailsTheConversionAsBadInput()
    {
        var error = await Assert.ThrowsAsync<ImageInputException>(() => TestImages.ConvertAsync(ImageFormats.Png, Pgm, ImageFormats.Jpeg));

        Assert.Contains("not in a known format", error.Message);
    }
}
