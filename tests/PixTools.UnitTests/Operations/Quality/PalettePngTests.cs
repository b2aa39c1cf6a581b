using NetVips;
using PixTools.Operations;
using PixTools.Operations.Convert;
using PixTools.Operations.Vips;
using PixTools.Testing;
using Xunit;

namespace PixTools.UnitTests.Operations.Quality;

/// <summary>PNG outputs of pictures with at most 256 colours are palette PNGs with the same visible pixels.</summary>
public sealed class PalettePngTests
{
    public PalettePngTests() => TestImages.EnsureVipsSetUp();

    [Theory]
    [InlineData(2, 3)]
    [InlineData(16, 4)]
    [InlineData(200, 3)]
    [InlineData(256, 3)]
    [InlineData(256, 4)]
    public async Task A_picture_of_few_colours_becomes_a_palette_png_with_the_same_pixels(int colours, int bands)
    {
        using var picture = Picture(colours, bands, seed: colours + bands);
        var source = picture.PngsaveBuffer();

        var (_, png) = await TestImages.ConvertAsync(ImageFormats.Png, source, ImageFormats.Png);

        Assert.Equal(3, ColourType(png)); // indexed colour
        Assert.Equal(PaletteColours.BitDepthFor(colours), png[24]);
        Assert.True(png.Length < source.Length * 0.75, $"palette {png.Length} bytes, the RGB source {source.Length}");
        using var written = Image.NewFromBuffer(png);
        AssertSameVisiblePixels(picture, written);
    }

    [Fact]
    public async Task A_palette_png_recompressed_as_png_is_not_larger_than_it_was()
    {
        // A photo reduced to a palette and saved as a palette PNG, as an editor or a web optimiser writes it.
        using var photo = Image.NewFromFile(TestPhotos.PathOf("coffee.png"));
        var source = photo.PngsaveBuffer(palette: true, q: 60, dither: 0);
        Assert.Equal(3, ColourType(source));

        var (_, png) = await TestImages.ConvertAsync(ImageFormats.Png, source, ImageFormats.Png);

        Assert.Equal(3, ColourType(png));
        Assert.True(png.Length <= source.Length * 1.05, $"recompressed {png.Length} bytes, the source {source.Length}");
        using var before = Image.NewFromBuffer(source);
        using var after = Image.NewFromBuffer(png);
        Assert.Equal(before.WriteToMemory<byte>(), after.WriteToMemory<byte>());
    }

    [Fact]
    public async Task The_first_frame_of_an_animated_gif_becomes_a_palette_png()
    {
        using var frames = Picture(40, 3, seed: 9, height: 60 * 3);
        using var multi = frames.Mutate(m => m.Set(GValue.GIntType, "page-height", 60));
        var source = multi.GifsaveBuffer();
        using (var all = Image.NewFromBuffer(source, "n=-1")) Assert.Equal(3, (int)all.Get("n-pages"));

        var (file, png) = await TestImages.ConvertAsync(ImageFormats.Png, source, ImageFormats.Gif);

        Assert.Equal(3, ColourType(png));
        Assert.Equal(60, file.Height);
        using var firstFrame = Image.NewFromBuffer(source, access: Enums.Access.Random);
        using var written = Image.NewFromBuffer(png);
        AssertSameVisiblePixels(firstFrame, written);
    }

    [Fact]
    public async Task A_picture_of_257_colours_stays_rgb_and_a_photo_too()
    {
        using var picture = Picture(257, 3, seed: 3);
        var (_, png) = await TestImages.ConvertAsync(ImageFormats.Png, picture.PngsaveBuffer(), ImageFormats.Png);
        Assert.Equal(2, ColourType(png)); // truecolour
        using var written = Image.NewFromBuffer(png);
        Assert.Equal(picture.WriteToMemory<byte>(), written.WriteToMemory<byte>());

        using var photo = Image.NewFromFile(TestPhotos.PathOf("coffee.png")).CopyMemory();
        Assert.Null(PaletteColours.Count(photo));
    }

    [Fact]
    public void Count_takes_fully_transparent_pixels_as_one_colour_and_stops_past_256()
    {
        // 300 different colours, all fully transparent: one colour.
        var pixels = new byte[300 * 4];
        for (var i = 0; i < 300; i++) (pixels[i * 4], pixels[(i * 4) + 1], pixels[(i * 4) + 2]) = ((byte)i, (byte)(i >> 8), 7);
        using var invisible = Image.NewFromMemory(pixels, 300, 1, 4, Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
        Assert.Equal(1, PaletteColours.Count(invisible));

        using var many = Picture(300, 4, seed: 1);
        Assert.Null(PaletteColours.Count(many));
        using var exactly = Picture(256, 4, seed: 2);
        Assert.Equal(256, PaletteColours.Count(exactly));
    }

    /// <summary>A 321 × <paramref name="height"/> picture using exactly <paramref name="colours"/> random colours (alpha never 0), every one at least once.</summary>
    private static Image Picture(int colours, int bands, int seed, int height = 157)
    {
        var random = new Random(seed);
        var palette = Enumerable.Range(0, colours).Select(_ => Enumerable.Range(0, bands).Select(b => (byte)(b == 3 ? random.Next(1, 256) : random.Next(256))).ToArray()).Distinct(new BytesComparer()).ToArray();
        Assert.Equal(colours, palette.Length);
        const int width = 321;
        var pixels = new byte[width * height * bands];
        for (var i = 0; i < width * height; i++) palette[i < colours ? i : random.Next(colours)].CopyTo(pixels, i * bands);
        using var image = Image.NewFromMemory(pixels, width, height, bands, Enums.BandFormat.Uchar);
        return image.Copy(interpretation: Enums.Interpretation.Srgb).CopyMemory();
    }

    private static byte ColourType(byte[] png) => png[25];

    /// <summary>Equal where the expected picture is not fully transparent; an alpha band left out must have been opaque everywhere.</summary>
    private static void AssertSameVisiblePixels(Image expected, Image actual)
    {
        Assert.Equal((expected.Width, expected.Height), (actual.Width, actual.Height));
        if (expected.Bands == 4 && actual.Bands == 3) Assert.Equal(255, expected[3].Min());
        var bands = Math.Min(expected.Bands, actual.Bands);
        using var e = expected.ExtractBand(0, bands);
        using var a = actual.ExtractBand(0, bands);
        using var difference = (e.Cast(Enums.BandFormat.Int) - a.Cast(Enums.BandFormat.Int)).Abs();
        using var visible = expected.Bands == 4 ? (expected[3] > 0).Ifthenelse(difference, 0) : difference.Copy();
        Assert.Equal(0, visible.Max());
    }

    private sealed class BytesComparer : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => obj.Aggregate(17, (h, b) => (h * 31) + b);
    }
}
