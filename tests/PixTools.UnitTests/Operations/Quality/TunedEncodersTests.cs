using System.ComponentModel.DataAnnotations;
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

    [Theory]
    [InlineData("sub,up")]
    [InlineData("all")]
    [InlineData("paeth")]
    [InlineData("none, avg")]
    [InlineData("sub,up,avg,paeth,none")]
    public void Every_png_filter_set_keeps_every_pixel(string filters)
    {
        using var image = Ssimulacra2Tests.ReferenceCrop("coffee");
        var options = new ImagingOptions { PngFilters = filters };

        var png = VipsEncoder.EncodeWith(image, ImageFormats.Png, EncodeSettings.Default, options);

        using var decoded = Image.NewFromBuffer(png);
        Assert.Equal(3, decoded.Bands);
        Assert.Equal(image.WriteToMemory<byte>(), decoded.WriteToMemory<byte>());
    }

    [Fact]
    public void The_png_filter_set_reaches_the_encoder_and_adaptive_off_writes_unfiltered_rows()
    {
        using var image = Ssimulacra2Tests.ReferenceCrop("chelsea");
        byte[] Encode(ImagingOptions options) => VipsEncoder.EncodeWith(image, ImageFormats.Png, EncodeSettings.Default, options);

        var subUp = Encode(new ImagingOptions());
        var up = Encode(new ImagingOptions { PngFilters = "up" });
        var none = Encode(new ImagingOptions { PngFilters = "none" });
        var off = Encode(new ImagingOptions { PngAdaptiveFilter = false, PngFilters = "paeth" });

        Assert.Equal("sub,up", new ImagingOptions().PngFilters);
        Assert.NotEqual(subUp, up);
        Assert.True(subUp.Length < none.Length * 0.9, $"sub,up wrote {subUp.Length} bytes, unfiltered {none.Length}");
        Assert.Equal(none, off);
    }

    [Theory]
    [InlineData("sub,up", Enums.ForeignPngFilter.Sub | Enums.ForeignPngFilter.Up)]
    [InlineData(" up , sub ", Enums.ForeignPngFilter.Sub | Enums.ForeignPngFilter.Up)]
    [InlineData("all", Enums.ForeignPngFilter.All)]
    [InlineData("none,paeth", Enums.ForeignPngFilter.None | Enums.ForeignPngFilter.Paeth)]
    public void Png_filter_names_become_libvips_filter_bits(string names, Enums.ForeignPngFilter expected)
    {
        Assert.Equal(expected, PngFilterSet.Parse(names));
    }

    [Theory]
    [InlineData("sub,up", true)]
    [InlineData("all", true)]
    [InlineData("none, sub, up, avg, paeth", true)]
    [InlineData("", false)]
    [InlineData("sharp", false)]
    [InlineData("SUB", false)]
    [InlineData("sub;up", false)]
    [InlineData("sub,", false)]
    public void Png_filters_setting_is_validated(string value, bool valid)
    {
        var options = new ImagingOptions { PngFilters = value };
        var results = new List<ValidationResult>();

        var ok = Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);

        Assert.Equal(valid, ok);
        if (!valid) Assert.Contains(results, r => r.MemberNames.Contains(nameof(ImagingOptions.PngFilters)));
    }

    [Fact]
    public void The_grey_probe_answers_a_grey_file_at_once_and_looks_past_a_grey_top_strip()
    {
        using var grey = Image.NewFromFile(TestPhotos.PathOf("camera-gray.png"));
        using var rgb = grey.Colourspace(Enums.Interpretation.Srgb);
        // Grey rows at the top, a red square below them: only the whole-file thumbnail shows the colour.
        using var red = Image.Black(128, 128, bands: 3).NewFromImage(220, 30, 30);
        using var marked = rgb.Insert(red, 200, 300).Copy(interpretation: Enums.Interpretation.Srgb);

        Assert.True(GreyBands.MayBeGrey(grey.PngsaveBuffer()));
        Assert.True(GreyBands.MayBeGrey(rgb.PngsaveBuffer()));
        Assert.False(GreyBands.MayBeGrey(marked.PngsaveBuffer()));
        Assert.False(GreyBands.MayBeGrey(TestPhotos.Read("storm-exif-lens.jpg")));
        Assert.False(GreyBands.MayBeGrey([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
    }

    [Theory]
    [InlineData("png", false, 16_000_000L)]
    [InlineData("png", true, 16_000_000L)]
    [InlineData("jpg", false, 16_000_000L)]
    [InlineData("png", false, 0L)]
    [InlineData("png", true, 0L)]
    [InlineData("jpg", false, 0L)]
    public async Task A_grey_picture_stored_as_colour_becomes_a_grey_png_with_the_same_pixels(string stored, bool alpha, long holdMaxPixels)
    {
        // holdMaxPixels 0: the picture counts as too large to hold, so the look at the source file decides.
        using var grey = Image.NewFromFile(TestPhotos.PathOf("camera-gray.png"));
        using var rgb = grey.Colourspace(Enums.Interpretation.Srgb);
        using var withAlpha = alpha ? rgb.Bandjoin(200) : rgb.Copy();
        var source = stored == "jpg" ? withAlpha.JpegsaveBuffer(q: 90) : withAlpha.PngsaveBuffer();
        var format = stored == "jpg" ? ImageFormats.Jpeg : ImageFormats.Png;
        using var sourcePixels = Image.NewFromBuffer(source);
        Assert.Equal(alpha ? 4 : 3, sourcePixels.Bands);

        var options = new ImagingOptions { PngGreyCheckMaxPixels = holdMaxPixels };

        var (_, png) = await TestImages.ConvertAsync(ImageFormats.Png, source, format, options: options);

        using var written = Image.NewFromBuffer(png);
        Assert.Equal(alpha ? 2 : 1, written.Bands);
        Assert.Equal(Enums.Interpretation.Bw, written.Interpretation);
        using var asColour = written.Colourspace(Enums.Interpretation.Srgb);
        Assert.Equal(sourcePixels.WriteToMemory<byte>(), asColour.WriteToMemory<byte>());
    }

    [Theory]
    [InlineData(16_000_000L)]
    [InlineData(0L)]
    public async Task A_colour_picture_stays_rgb(long holdMaxPixels)
    {
        var options = new ImagingOptions { PngGreyCheckMaxPixels = holdMaxPixels };
        var (_, png) = await TestImages.ConvertAsync(ImageFormats.Png, TestPhotos.Read("coffee.png"), ImageFormats.Png, options: options);

        using var written = Image.NewFromBuffer(png);
        Assert.Equal(3, written.Bands);
        using var source = Image.NewFromFile(TestPhotos.PathOf("coffee.png"));
        Assert.Equal(source.WriteToMemory<byte>(), written.WriteToMemory<byte>());
        Assert.False(GreyBands.MayBeGrey(TestPhotos.Read("coffee.png")));
    }

    [Fact]
    public void One_coloured_pixel_in_the_last_row_keeps_a_grey_looking_picture_rgb()
    {
        using var grey = Image.NewFromFile(TestPhotos.PathOf("camera-gray.png"));
        using var rgb = grey.Colourspace(Enums.Interpretation.Srgb);
        using var dot = Image.Black(1, 1, bands: 3).NewFromImage(200, 10, 10);
        using var marked = rgb.Insert(dot, rgb.Width / 2, rgb.Height - 1).Copy(interpretation: Enums.Interpretation.Srgb);
        using var held = marked.CopyMemory();
        using var top = held.Crop(0, 0, held.Width, held.Height - 1);

        Assert.Null(GreyBands.TryGrey(held, Enums.ForeignKeep.None));
        using var greyTop = GreyBands.TryGrey(top.CopyMemory(), Enums.ForeignKeep.None);
        Assert.NotNull(greyTop);
        Assert.Equal(1, greyTop.Bands);
        var png = TunedEncoders.CompactPng(held, null, new ImagingOptions(), Enums.ForeignKeep.None);
        using var decoded = Image.NewFromBuffer(png);
        Assert.Equal(3, decoded.Bands);
        Assert.Equal(held.WriteToMemory<byte>(), decoded.WriteToMemory<byte>());
    }

    private static void AssertSamePixels(byte[] a, byte[] b)
    {
        using var x = Image.NewFromBuffer(a);
        using var y = Image.NewFromBuffer(b);
        Assert.Equal(x.WriteToMemory<byte>(), y.WriteToMemory<byte>());
    }
}
