using PixTools.Operations;
using PixTools.Operations.Vips;
using PixTools.Testing;
using Xunit;

namespace PixTools.UnitTests.Operations;

/// <summary>An AVIF output larger than Imaging:AvifMaxPixels fails with a plain reason; a resize within it does not.</summary>
public sealed class AvifPixelLimitTests
{
    private static readonly ImagingOptions Small = new() { AvifMaxPixels = 200_000 };

    [Fact]
    public async Task An_avif_output_over_the_limit_fails_before_decoding_with_a_plain_reason()
    {
        // coffee.png is 600 x 400 = 240,000 pixels.
        var error = await Assert.ThrowsAsync<ImageInputException>(() =>
            TestImages.ConvertAsync(ImageFormats.Avif, TestPhotos.Read("coffee.png"), ImageFormats.Png, options: Small));

        Assert.Equal("An AVIF picture may be at most 0.2 megapixels on this server, and this one would be 600 × 400 pixels. Ask for a smaller size, or for WebP or JPEG.", error.Message);
    }

    [Fact]
    public async Task A_resize_within_the_limit_and_other_formats_are_made()
    {
        var (file, _) = await TestImages.ConvertAsync(ImageFormats.Avif, TestPhotos.Read("coffee.png"), ImageFormats.Png,
            new OperationParams(Resize: new ResizeSpec(500, null)), Small);
        Assert.Equal((500, 333), (file.Width, file.Height));

        var (webp, _) = await TestImages.ConvertAsync(ImageFormats.Webp, TestPhotos.Read("coffee.png"), ImageFormats.Png, options: Small);
        Assert.Equal(600, webp.Width);
    }

    [Fact]
    public void The_default_is_av1_level_6_largest_picture() => Assert.Equal(35_651_584, new ImagingOptions().AvifMaxPixels);
}
