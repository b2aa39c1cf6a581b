using NetVips;
using PixTools.Operations;
using PixTools.Operations.Vips;
using PixTools.Testing;
using Xunit;

namespace PixTools.UnitTests.Operations;

/// <summary>
/// A planned output over the pixel ceiling or its format's largest side is refused before decoding, with a plain
/// sentence; the sides are the ones libvips' encoders actually refuse.
/// </summary>
public sealed class OutputSizeLimitsTests
{
    private const long Ceiling = 100_000_000;

    [Fact]
    public void A_height_given_to_a_long_strip_would_make_gigapixels_and_is_refused()
    {
        var plan = ResizePlanner.Plan(20_000, 60, new ResizeSpec(null, 8000));

        Assert.Equal("The resize asked for would make this 20,000 × 60 picture 2,666,667 × 8,000 pixels, and the limit is 100 megapixels. Ask for a smaller size, or give both a width and a height with fit inside.",
            OutputSizeLimits.Refusal(20_000, 60, plan, ImageFormats.Png, Ceiling));
        var inside = ResizePlanner.Plan(20_000, 60, new ResizeSpec(8000, 8000, ResizeFit.Inside));
        Assert.Null(OutputSizeLimits.Refusal(20_000, 60, inside, ImageFormats.Png, Ceiling));
    }

    [Fact]
    public void A_cover_counts_the_scaled_picture_before_its_crop()
    {
        // 100 x 8000 out of 20,000 x 60: scaled to 2,666,667 x 8,000 first, then cropped.
        var plan = ResizePlanner.Plan(20_000, 60, new ResizeSpec(100, 8000, ResizeFit.Cover));

        Assert.Equal((100, 8000), (plan.Width, plan.Height));
        Assert.StartsWith("The resize asked for would make this 20,000 × 60 picture 2,666,667 × 8,000 pixels", OutputSizeLimits.Refusal(20_000, 60, plan, null, Ceiling));
    }

    [Fact]
    public void An_animation_kept_whole_counts_every_frame()
    {
        var plan = ResizePlanner.Plan(100, 100, new ResizeSpec(2000, 2000));

        Assert.Null(OutputSizeLimits.Refusal(100, 100, plan, ImageFormats.Webp, Ceiling, frames: 25));
        Assert.Equal("The resize asked for would make this animation's 26 frames of 100 × 100 pixels 2,000 × 2,000 pixels each, and the limit is 100 megapixels in all. Ask for a smaller size, or give both a width and a height with fit inside.",
            OutputSizeLimits.Refusal(100, 100, plan, ImageFormats.Webp, Ceiling, frames: 26));
    }

    [Theory]
    [InlineData("webp", 16_383, "A WebP picture can be at most 16,383 pixels wide or high, and this one would be 16,384 × 8. Give it a resize, or ask for JPEG or PNG.")]
    [InlineData("avif", 16_384, "An AVIF picture can be at most 16,384 pixels wide or high, and this one would be 16,385 × 8. Give it a resize, or ask for JPEG or PNG.")]
    [InlineData("jpg", 65_500, "A JPEG picture can be at most 65,500 pixels wide or high, and this one would be 65,501 × 8. Give it a resize, or ask for PNG.")]
    public void Each_format_holds_up_to_its_largest_side(string format, int side, string refusal)
    {
        var target = ImageFormats.ForOperation(format)!;
        Assert.Equal(side, OutputSizeLimits.MaxSide(target));
        Assert.Null(OutputSizeLimits.Refusal(side, 8, new ResizePlan(side, 8, side, 8), target, Ceiling));
        Assert.Equal(refusal, OutputSizeLimits.Refusal(side + 1, 8, new ResizePlan(side + 1, 8, side + 1, 8), target, Ceiling));
        Assert.Equal(refusal.Replace($"{side + 1:N0} × 8", $"8 × {side + 1:N0}", StringComparison.Ordinal),
            OutputSizeLimits.Refusal(8, side + 1, new ResizePlan(8, side + 1, 8, side + 1), target, Ceiling));
    }

    [Theory]
    [InlineData("webp")]
    [InlineData("avif")]
    [InlineData("jpg")]
    public void The_sides_are_the_ones_the_encoders_refuse(string format)
    {
        TestImages.EnsureVipsSetUp();
        var side = OutputSizeLimits.MaxSide(ImageFormats.ForOperation(format)!);
        using var fits = Image.Black(side, 8, bands: 3).Cast(Enums.BandFormat.Uchar);
        using var over = Image.Black(side + 1, 8, bands: 3).Cast(Enums.BandFormat.Uchar);

        Assert.NotEmpty(fits.WriteToBuffer("." + format));
        Assert.Throws<VipsException>(() => over.WriteToBuffer("." + format));
    }

    [Fact]
    public void A_png_has_no_side_of_its_own() =>
        Assert.Null(OutputSizeLimits.Refusal(70_000, 8, new ResizePlan(70_000, 8, 70_000, 8), ImageFormats.Png, Ceiling));

    [Fact]
    public async Task The_worker_refuses_before_decoding_with_the_same_sentence()
    {
        // coffee.png is 600 x 400: a height of 4,000 gives 6,000 x 4,000 = 24 MP, over a ceiling of 20 MP.
        var options = new ImagingOptions { MaxOutputPixels = 20_000_000 };
        var error = await Assert.ThrowsAsync<ImageInputException>(() => TestImages.ConvertAsync(ImageFormats.Png, TestPhotos.Read("coffee.png"), ImageFormats.Png,
            new OperationParams(Resize: new ResizeSpec(null, 4000)), options));

        Assert.Equal("The resize asked for would make this 600 × 400 picture 6,000 × 4,000 pixels, and the limit is 20 megapixels. Ask for a smaller size, or give both a width and a height with fit inside.", error.Message);
        Assert.Equal(100_000_000, new ImagingOptions().MaxOutputPixels);
    }
}
