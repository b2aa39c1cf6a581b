using NetVips;
using PixTools.Operations;
using PixTools.Operations.Convert;
using PixTools.Operations.Vips;
using PixTools.Testing;
using Xunit;

namespace PixTools.UnitTests.Operations.Quality;

public sealed class TunedEncodersTests
{
    public TunedEncodersTests() => TestImages.EnsureVipsSetUp();

    [Fact]
    public async Task Default_png_is_smaller_than_the_previous_unfiltered_zlib_6()
    {
        var source = TestPhotos.Read("coffee.png");
        var before = new ImagingOptions { PngCompression = 6, PngAdaptiveFilter = false };

        var (_, now) = await TestImages.ConvertAsync(ImageFormats.Png, source, ImageFormats.Png);
        var (_, previous) = await TestImages.ConvertAsync(ImageFormats.Png, source, ImageFormats.Png, options: before);

        Assert.True(now.Length < previous.Length * 0.8, $"now {now.Length} bytes, before {previous.Length}");
        AssertSamePixels(previous, now);
    }

    [Theory]
    [InlineData("webp")]
    [InlineData("avif")]
    public void Lossless_webp_and_avif_keep_every_pixel(string operation)
    {
        var format = ImageFormats.ForOperation(operation)!;
        using var image = Ssimulacra2Tests.ReferenceCrop("coffee");

        var encoded = VipsEncoder.EncodeWith(image, format, new EncodeSettings(Lossless: true), new ImagingOptions());

        using var decoded = Image.NewFromBuffer(encoded);
        Assert.Equal(image.WriteToMemory<byte>(), decoded.WriteToMemory<byte>());
    }

    [Fact]
    public void Trellis_jpeg_is_smaller_than_plain_at_the_same_quality()
    {
        using var photo = Image.NewFromFile(TestPhotos.PathOf("storm-exif-lens.jpg"));

        var plain = VipsEncoder.EncodeWith(photo, ImageFormats.Jpeg, new EncodeSettings(80), new ImagingOptions { JpgTrellis = false });
        var trellis = VipsEncoder.EncodeWith(photo, ImageFormats.Jpeg, new EncodeSettings(80), new ImagingOptions { JpgTrellis = true });

        Assert.True(trellis.Length < plain.Length * 0.9, $"trellis {trellis.Length} bytes, plain {plain.Length}");
    }

    [Fact]
    public void Png_effort_is_the_zlib_level()
    {
        using var image = Ssimulacra2Tests.ReferenceCrop("chelsea");
        var options = new ImagingOptions();

        var fast = VipsEncoder.EncodeWith(image, ImageFormats.Png, new EncodeSettings(Effort: 1), options);
        var small = VipsEncoder.EncodeWith(image, ImageFormats.Png, new EncodeSettings(Effort: 9), options);

        Assert.True(small.Length < fast.Length, $"effort 9 wrote {small.Length} bytes, effort 1 {fast.Length}");
        AssertSamePixels(fast, small);
    }

    private static void AssertSamePixels(byte[] a, byte[] b)
    {
        using var x = Image.NewFromBuffer(a);
        using var y = Image.NewFromBuffer(b);
        Assert.Equal(x.WriteToMemory<byte>(), y.WriteToMemory<byte>());
    }
}
