using NetVips;
using PixTools.Operations;
using PixTools.Operations.Convert;
using PixTools.Operations.Convert.Quality;
using PixTools.Operations.Vips;
using PixTools.Testing;
using Xunit;

namespace PixTools.UnitTests.Operations.Quality;

public sealed class AutoQualityTests
{
    private static readonly ImagingOptions Options = new();

    public AutoQualityTests() => TestImages.EnsureVipsSetUp();

    [Theory]
    [InlineData("auto", AutoQualityLevel.Good)]
    [InlineData("auto:good", AutoQualityLevel.Good)]
    [InlineData("auto:best", AutoQualityLevel.Best)]
    [InlineData("auto:eco", AutoQualityLevel.Eco)]
    [InlineData("auto:low", AutoQualityLevel.Low)]
    public void Level_names_parse(string text, AutoQualityLevel expected)
    {
        Assert.True(AutoQualityLevels.TryParse(text, out var level));
        Assert.Equal(expected, level);
        Assert.Contains(text, AutoQualityLevels.Names);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("AUTO")]
    [InlineData("auto:great")]
    [InlineData("80")]
    public void Other_text_is_not_a_level(string? text) => Assert.False(AutoQualityLevels.TryParse(text, out _));

    [Theory]
    [InlineData("jpg")]
    [InlineData("webp")]
    [InlineData("avif")]
    public void Targets_fall_from_best_to_low(string operation)
    {
        var format = ImageFormats.ForOperation(operation)!;
        Assert.True(AutoQualityLevels.Target(AutoQualityLevel.Best, format) > AutoQualityLevels.Target(AutoQualityLevel.Good, format)
            && AutoQualityLevels.Target(AutoQualityLevel.Good, format) > AutoQualityLevels.Target(AutoQualityLevel.Eco, format)
            && AutoQualityLevels.Target(AutoQualityLevel.Eco, format) > AutoQualityLevels.Target(AutoQualityLevel.Low, format));
    }

    [Fact]
    public void Webp_levels_sit_lower_than_jpeg_levels_as_its_default_quality_does() =>
        Assert.True(AutoQualityLevels.Target(AutoQualityLevel.Good, ImageFormats.Webp) < AutoQualityLevels.Target(AutoQualityLevel.Good, ImageFormats.Jpeg));

    [Theory]
    [InlineData("jpg")]
    [InlineData("webp")]
    public void A_small_image_gets_the_lowest_quality_that_reaches_the_target(string operation)
    {
        var format = ImageFormats.ForOperation(operation)!;
        using var image = Ssimulacra2Tests.ReferenceCrop("chelsea");
        var target = AutoQualityLevels.Target(AutoQualityLevel.Good, format);

        var choice = AutoQualitySearch.Choose(image, format, AutoQualityLevel.Good, Encoder(format));

        Assert.True(choice.Exact);
        Assert.True(Score(image, choice.Encoded) >= target, $"q{choice.Quality} scored {choice.Score:F2}");
        Assert.Equal(Score(image, choice.Encoded), choice.Score, 6);
        var oneLower = Encoder(format)(image, choice.Quality - 1);
        Assert.True(Score(image, oneLower) < target, $"q{choice.Quality - 1} already reached {target}");
    }

    [Fact]
    public void On_a_typical_photo_good_meets_its_target_in_no_more_bytes_than_the_default_quality()
    {
        // friends-portrait at 1920 px: JPEG q80 scores about 80 here, above auto:good's 77.5.
        using var file = Image.NewFromFile(TestPhotos.PathOf("friends-portrait.jpg"));
        using var photo = file.ThumbnailImage(1920, height: 1920).CopyMemory();
        var encode = Encoder(ImageFormats.Jpeg);
        var reference = Ssimulacra2Reference.Create(photo);

        var choice = AutoQualitySearch.Choose(photo, ImageFormats.Jpeg, AutoQualityLevel.Good, encode);
        var fixedDefault = encode(photo, Options.JpgQuality);

        Assert.False(choice.Exact); // 2.5 megapixels: probed on the mosaic
        Assert.InRange(choice.Probes, 1, AutoQualitySearch.MaxProbes);
        var score = Score(reference, choice.Encoded);
        Assert.True(score >= AutoQualityLevels.Target(AutoQualityLevel.Good, ImageFormats.Jpeg) - 1.5, $"q{choice.Quality} scored {score:F2} (estimated {choice.Score:F2})");
        Assert.InRange(choice.Score, score - 2.5, score + 2.5);
        Assert.True(choice.Encoded.Length <= fixedDefault.Length, $"auto wrote {choice.Encoded.Length} bytes, q{Options.JpgQuality} {fixedDefault.Length}");
    }

    [Fact]
    public void Jpeg_keeps_full_colour_below_q90_when_subsampled_colour_cannot_reach_the_target()
    {
        // rocket (640x427, probed whole, so scores are exact): 4:2:0 stays below 77.5 up to q89, and q90 (libvips'
        // switch to 4:4:4) scores about 82; 4:4:4 reaches the target a few steps lower, in fewer bytes.
        using var file = Image.NewFromFile(TestPhotos.PathOf("rocket-orient6.jpg"));
        using var photo = file.Autorot().CopyMemory();
        var subsampledOnly = AutoQualitySearch.Choose(photo, ImageFormats.Jpeg, AutoQualityLevel.Good, Encoder(ImageFormats.Jpeg));

        var choice = AutoQualitySearch.Choose(photo, ImageFormats.Jpeg, AutoQualityLevel.Good, Encoder(ImageFormats.Jpeg), FullChromaEncoder);

        Assert.False(subsampledOnly.FullChroma);
        Assert.True(subsampledOnly.Quality >= 90, $"4:2:0 search chose q{subsampledOnly.Quality}");
        Assert.True(choice.FullChroma);
        Assert.True(choice.Exact);
        Assert.InRange(choice.Quality, 60, 89);
        Assert.True(choice.Score >= AutoQualityLevels.Target(AutoQualityLevel.Good, ImageFormats.Jpeg), $"q{choice.Quality} scored {choice.Score:F2}");
        Assert.True(choice.Encoded.Length < subsampledOnly.Encoded.Length, $"4:4:4 q{choice.Quality} {choice.Encoded.Length} B, q{subsampledOnly.Quality} {subsampledOnly.Encoded.Length} B");
    }

    [Fact]
    public void Jpeg_stays_subsampled_when_that_reaches_the_target_below_q90()
    {
        using var image = Ssimulacra2Tests.ReferenceCrop("chelsea");

        var choice = AutoQualitySearch.Choose(image, ImageFormats.Jpeg, AutoQualityLevel.Good, Encoder(ImageFormats.Jpeg), FullChromaEncoder);

        Assert.False(choice.FullChroma);
        Assert.True(choice.Quality < 90);
    }

    private static byte[] FullChromaEncoder(Image image, int quality) =>
        VipsEncoder.EncodeWith(image, ImageFormats.Jpeg, new EncodeSettings(quality, FullChroma: true), Options);

    [Fact]
    public void A_higher_level_never_picks_a_lower_quality()
    {
        using var image = Ssimulacra2Tests.ReferenceCrop("coffee");
        var encode = Encoder(ImageFormats.Jpeg);

        var qualities = new[] { AutoQualityLevel.Low, AutoQualityLevel.Eco, AutoQualityLevel.Good, AutoQualityLevel.Best }
            .Select(l => AutoQualitySearch.Choose(image, ImageFormats.Jpeg, l, encode).Quality).ToArray();

        Assert.True(qualities.Zip(qualities.Skip(1)).All(p => p.First < p.Second), string.Join(", ", qualities));
    }

    [Theory]
    [InlineData("jpg", 1, 1)]
    [InlineData("webp", 5000, 3)]
    [InlineData("avif", 4, 300)]
    [InlineData("jpg", 7, 7)]
    public void A_picture_under_8_pixels_on_a_side_is_searched_too(string operation, int width, int height)
    {
        // SSIMULACRA 2 itself needs 8×8; icons, 1-pixel lines and thin strips get a real answer, not a failure.
        var format = ImageFormats.ForOperation(operation)!;
        using var coffee = Ssimulacra2Tests.ReferenceCrop("coffee");
        using var image = coffee.ThumbnailImage(width, height: height, size: Enums.Size.Force);
        var levels = new[] { AutoQualityLevel.Low, AutoQualityLevel.Best };

        var choices = levels.Select(l => AutoQualitySearch.Choose(image, format, l, Encoder(format))).ToList();

        foreach (var choice in choices)
        {
            using var decoded = Image.NewFromBuffer(choice.Encoded);
            Assert.Equal((width, height), (decoded.Width, decoded.Height));
            Assert.InRange(choice.Quality, 1, 100);
        }
        Assert.True(choices[0].Quality <= choices[1].Quality, $"low q{choices[0].Quality}, best q{choices[1].Quality}");
    }

    [Fact]
    public void Png_has_no_quality_to_search()
    {
        using var image = Ssimulacra2Tests.ReferenceCrop("coffee");
        Assert.Throws<ArgumentException>(() => AutoQualitySearch.Choose(image, ImageFormats.Png, AutoQualityLevel.Good, (_, _) => []));
    }

    private static Func<Image, int, byte[]> Encoder(ImageFormat format) =>
        (image, quality) => VipsEncoder.EncodeWith(image, format, new EncodeSettings(quality), Options);

    private static double Score(Image reference, byte[] encoded) => Score(Ssimulacra2Reference.Create(reference), encoded);

    private static double Score(Ssimulacra2Reference reference, byte[] encoded)
    {
        using var decoded = Image.NewFromBuffer(encoded);
        return reference.Score(decoded);
    }
}
