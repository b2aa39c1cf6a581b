using NetVips;
using PixTools.Intake;
using PixTools.Operations;
using PixTools.Operations.Vips;

namespace PixTools.UnitTests.Operations;

public class ConvertOperationTests
{
    private static readonly ResizeSpec Small = new(160, null);

    public static TheoryData<string, string> Pairs()
    {
        var pairs = new TheoryData<string, string>();
        foreach (var from in OperationNames.Conversions)
            foreach (var to in OperationNames.Conversions.Where(to => to != from))
                pairs.Add(from, to);
        return pairs;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task ConvertsEveryInputFormatToEveryOtherTarget(string from, string to)
    {
        var (sourceFormat, target) = (ImageFormats.ForOperation(from)!, ImageFormats.ForOperation(to)!);
        var source = TestImages.InFormat(sourceFormat);
        using var sourceImage = Image.NewFromBuffer(source);
        var expectedHeight = (int)Math.Round(160.0 * sourceImage.Height / sourceImage.Width, MidpointRounding.AwayFromZero);

        var (file, bytes) = await TestImages.ConvertAsync(target, source, sourceFormat, new OperationParams(Resize: Small));

        Assert.Equal(new ResultFile(target.Extension, target.ContentType, 160, expectedHeight), file);
        Assert.Equal(target, FormatSniffer.Sniff(bytes));
        using var output = Image.NewFromBuffer(bytes);
        Assert.Equal((160, expectedHeight), (output.Width, output.Height));
        Assert.False(output.Contains("exif-data"));
    }

    [Theory]
    [InlineData("jpg")]
    [InlineData("webp")]
    public async Task AppliesExifOrientationToThePixels(string to)
    {
        var (file, bytes) = await TestImages.ConvertAsync(ImageFormats.ForOperation(to)!, TestPhotos.Read("rocket-orient6.jpg"), ImageFormats.Jpeg);

        using var output = Image.NewFromBuffer(bytes);
        Assert.Equal((427, 640), (output.Width, output.Height));
        Assert.Equal((427, 640), (file.Width, file.Height));
        Assert.False(output.Contains("orientation") && (int)output.Get("orientation") != 1);
    }

    [Fact]
    public async Task ResizesInTheOrientedFrame()
    {
        var (file, _) = await TestImages.ConvertAsync(ImageFormats.Png, TestPhotos.Read("rocket-orient6.jpg"), ImageFormats.Jpeg,
            new OperationParams(Resize: new ResizeSpec(100, null)));

        Assert.Equal((100, 150), (file.Width, file.Height));
    }

    [Theory]
    [InlineData("jpg")]
    [InlineData("png")]
    [InlineData("webp")]
    [InlineData("avif")]
    public async Task WritesNoMetadata(string to)
    {
        var (_, bytes) = await TestImages.ConvertAsync(ImageFormats.ForOperation(to)!, TestPhotos.Read("colorfulcups-exif-gps.jpg"), ImageFormats.Jpeg,
            new OperationParams(Resize: Small));

        using var output = Image.NewFromBuffer(bytes);
        var fields = output.GetFields();
        Assert.DoesNotContain("exif-data", fields);
        Assert.DoesNotContain("xmp-data", fields);
        Assert.DoesNotContain(fields, f => f.StartsWith("exif-ifd3", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("jpg")]
    [InlineData("webp")]
    [InlineData("avif")]
    public async Task FilesShrinkAsQualityFalls(string to)
    {
        var target = ImageFormats.ForOperation(to)!;
        var source = TestPhotos.Read("coffee.png");
        async Task<int> SizeAt(int quality) =>
            (await TestImages.ConvertAsync(target, source, ImageFormats.Png, new OperationParams(quality, new ResizeSpec(200, null)))).Bytes.Length;

        var (q90, q50, q10) = (await SizeAt(90), await SizeAt(50), await SizeAt(10));

        Assert.True(q90 > q50 && q50 > q10, $"q90 {q90} B, q50 {q50} B, q10 {q10} B");
    }

    [Fact]
    public async Task AvifTuneReachesTheEncoder()
    {
        // The encoder is deterministic: the same pixels, quality and effort give the same bytes, so three different
        // files show that each tune reached aom (an ignored tune would give libheif's default three times).
        var source = TestPhotos.Read("coffee.png");
        async Task<byte[]> EncodeWith(string tune) => (await TestImages.ConvertAsync(ImageFormats.Avif, source, ImageFormats.Png,
            new OperationParams(50, null), new ImagingOptions { AvifTune = tune })).Bytes;

        var files = new[] { await EncodeWith("ssim"), await EncodeWith("psnr"), await EncodeWith("iq") };

        Assert.Equal(files[0], await EncodeWith("ssim"));
        Assert.Equal(3, files.Select(Convert.ToHexString).Distinct().Count());
        Assert.All(files, file => Assert.Equal(ImageFormats.Avif, FormatSniffer.Sniff(file)));
    }

    [Theory]
    [InlineData(ResizeFit.Fill, 120, 90)]
    [InlineData(ResizeFit.Inside, 120, 80)]
    [InlineData(ResizeFit.Cover, 120, 90)]
    [InlineData(ResizeFit.Contain, 120, 90)]
    public async Task FitsIntoABox(ResizeFit fit, int width, int height)
    {
        var (file, bytes) = await TestImages.ConvertAsync(ImageFormats.Webp, TestPhotos.Read("coffee.png"), ImageFormats.Png,
            new OperationParams(Resize: new ResizeSpec(120, 90, fit)));

        using var output = Image.NewFromBuffer(bytes);
        Assert.Equal((width, height), (output.Width, output.Height));
        Assert.Equal((width, height), (file.Width, file.Height));
    }

    [Fact]
    public async Task ContainPadsTransparentWhereAlphaIsKeptAndWhiteForJpeg()
    {
        var box = new OperationParams(Resize: new ResizeSpec(120, 120, ResizeFit.Contain));
        var source = TestPhotos.Read("coffee.png");

        var (_, png) = await TestImages.ConvertAsync(ImageFormats.Webp, source, ImageFormats.Png, box);
        var (_, jpg) = await TestImages.ConvertAsync(ImageFormats.Jpeg, source, ImageFormats.Png, box);

        using var pngImage = Image.NewFromBuffer(png);
        using var jpgImage = Image.NewFromBuffer(jpg);
        Assert.True(pngImage.HasAlpha());
        Assert.Equal(0, pngImage.Getpoint(60, 2)[3]);
        Assert.All(jpgImage.Getpoint(60, 2), v => Assert.InRange(v, 250, 255));
    }

    public static TheoryData<string> AwkwardInputs() => ["grey", "grey with alpha", "cmyk", "16-bit rgb", "adobe rgb"];

    [Theory]
    [MemberData(nameof(AwkwardInputs))]
    public async Task AwkwardInputsConvertToEveryTarget(string kind)
    {
        var (source, format) = Awkward(kind);
        foreach (var target in ImageFormats.All.Where(t => t != format))
        {
            var (file, bytes) = await TestImages.ConvertAsync(target, source, format, new OperationParams(Resize: new ResizeSpec(64, null)));

            using var output = Image.NewFromBuffer(bytes);
            Assert.Equal(64, output.Width);
            Assert.Equal(64, file.Width);
            Assert.Equal(Enums.BandFormat.Uchar, output.Format);
            Assert.NotEqual(Enums.Interpretation.Cmyk, output.Interpretation);
            if (target == ImageFormats.Jpeg) Assert.False(output.HasAlpha());
        }
    }

    [Theory]
    [InlineData("colorfulcups-exif-gps.jpg", "jpg")]
    [InlineData("coffee.png", "png")]
    public async Task ATruncatedFileIsBadInputNotGreyPixels(string photo, string format)
    {
        var whole = TestPhotos.Read(photo);
        var half = whole[..(whole.Length / 2)];

        var error = await Assert.ThrowsAsync<ImageInputException>(() =>
            TestImages.ConvertAsync(ImageFormats.Webp, half, ImageFormats.ForOperation(format)!));

        Assert.StartsWith($"file is not a valid {format} image: ", error.Message);
        // libvips words it by where the cut is noticed (libpng's read error, a bad seek past the end, …).
        Assert.Matches("truncated|damaged|cut short|not enough data|bad seek|end of (file|stream)", error.Message);
    }

    [Fact]
    public async Task ATiffWhoseCompressedStripsAreDamagedIsBadInputNotGarbageRows()
    {
        // libvips' fail_on=truncated decoded this into a picture with garbage rows from the damage down.
        TestImages.EnsureVipsSetUp();
        using var coffee = Image.NewFromFile(TestPhotos.PathOf("coffee.png"));
        var tiff = coffee.TiffsaveBuffer(compression: Enums.ForeignTiffCompression.Lzw);
        var damaged = CraftedImages.ScrambledInTheMiddle(tiff);
        // The intact file converts; the damaged one's directory still reads, so only its pixels can tell.
        await TestImages.ConvertAsync(ImageFormats.Webp, tiff, ImageFormats.Tiff);
        VipsDecoder.ReadHeader(damaged);

        var error = await Assert.ThrowsAsync<ImageInputException>(() => TestImages.ConvertAsync(ImageFormats.Webp, damaged, ImageFormats.Tiff));

        Assert.Equal("file is not a valid tiff image: its image data is damaged or cut short", error.Message);
    }

    [Fact]
    public void IsNamedForItsTarget()
    {
        Assert.Equal("avif", TestImages.Converter(ImageFormats.Avif).Name);
    }

    private static (byte[] Bytes, ImageFormat Format) Awkward(string kind)
    {
        TestImages.EnsureVipsSetUp();
        using var coffee = Image.NewFromFile(TestPhotos.PathOf("coffee.png"));
        return kind switch
        {
            "grey" => (TestPhotos.Read("camera-gray.png"), ImageFormats.Png),
            "grey with alpha" => (GreyWithAlpha(), ImageFormats.Png),
            "cmyk" => (Cmyk(coffee), ImageFormats.Jpeg),
            "16-bit rgb" => (Rgb16(coffee), ImageFormats.Png),
            _ => (TestPhotos.Read("rocket-orient6.jpg"), ImageFormats.Jpeg),
        };
    }

    private static byte[] GreyWithAlpha()
    {
        using var grey = Image.NewFromFile(TestPhotos.PathOf("camera-gray.png"));
        using var withAlpha = grey.Bandjoin(128);
        return withAlpha.PngsaveBuffer();
    }

    private static byte[] Cmyk(Image coffee)
    {
        using var cmyk = coffee.Colourspace(Enums.Interpretation.Cmyk);
        return cmyk.JpegsaveBuffer();
    }

    private static byte[] Rgb16(Image coffee)
    {
        using var wide = coffee.Colourspace(Enums.Interpretation.Rgb16);
        return wide.PngsaveBuffer(bitdepth: 16);
    }
}
