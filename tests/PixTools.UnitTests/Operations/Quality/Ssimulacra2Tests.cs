using NetVips;
using PixTools.Operations.Convert.Quality;
using PixTools.Operations.Vips;
using PixTools.Testing;
using Xunit;

namespace PixTools.UnitTests.Operations.Quality;

public sealed class Ssimulacra2Tests
{
    public Ssimulacra2Tests() => TestImages.EnsureVipsSetUp();

    // Scores printed by the reference ssimulacra2 (SSIMULACRA 2.1, cloudinary/ssimulacra2 at 81feacf6) on the same
    // pixels; provenance in tests/testdata/ssimulacra2/README.md.
    [Theory]
    [InlineData("camera", "camera-q15.jpg", 38.88542524)]
    [InlineData("camera", "camera-q40.jpg", 68.80593855)]
    [InlineData("camera", "camera-q75.jpg", 81.46512900)]
    [InlineData("camera", "camera-q92.jpg", 90.28009875)]
    [InlineData("camera", "camera-q60.webp", 72.03054682)]
    [InlineData("chelsea", "chelsea-q15.jpg", 31.71022852)]
    [InlineData("chelsea", "chelsea-q40.jpg", 63.34931110)]
    [InlineData("chelsea", "chelsea-q75.jpg", 77.00271050)]
    [InlineData("chelsea", "chelsea-q92.jpg", 89.50947639)]
    [InlineData("chelsea", "chelsea-q60.webp", 68.31878008)]
    [InlineData("coffee", "coffee-q15.jpg", 32.41153420)]
    [InlineData("coffee", "coffee-q40.jpg", 61.79981955)]
    [InlineData("coffee", "coffee-q75.jpg", 74.32692442)]
    [InlineData("coffee", "coffee-q92.jpg", 88.83838716)]
    [InlineData("coffee", "coffee-q60.webp", 69.08199982)]
    public void Score_matches_the_reference_implementation_within_half_a_point(string source, string distorted, double expected)
    {
        using var reference = ReferenceCrop(source);
        using var encoded = Image.NewFromFile(Pair(distorted));

        var score = Ssimulacra2.Score(reference, encoded);

        Assert.InRange(score, expected - 0.5, expected + 0.5);
    }

    [Fact]
    public void Identical_images_score_100()
    {
        using var reference = ReferenceCrop("coffee");
        using var copy = reference.Copy();

        Assert.Equal(100.0, Ssimulacra2.Score(reference, copy), 6);
    }

    [Fact]
    public void More_distortion_scores_lower()
    {
        using var reference = ReferenceCrop("chelsea");
        var prepared = Ssimulacra2Reference.Create(reference);
        var jpeg = new[] { 95, 85, 70, 50, 30, 10 }.Select(q =>
        {
            using var decoded = Image.NewFromBuffer(reference.JpegsaveBuffer(q: q));
            return prepared.Score(decoded);
        }).ToArray();
        var blur = new[] { 0.5, 1.0, 2.0, 4.0 }.Select(sigma =>
        {
            using var blurred = reference.Gaussblur(sigma).Cast(Enums.BandFormat.Uchar);
            return prepared.Score(blurred);
        }).ToArray();

        Assert.True(IsDecreasing(jpeg), $"JPEG q95..q10 scored {string.Join(", ", jpeg.Select(s => s.ToString("F2")))}");
        Assert.True(IsDecreasing(blur), $"blur σ 0.5..4 scored {string.Join(", ", blur.Select(s => s.ToString("F2")))}");
        Assert.InRange(jpeg[0], 85, 100);
        Assert.True(blur[^1] < 50, $"a σ 4 blur scored {blur[^1]:F2}");
    }

    [Fact]
    public void Prepared_reference_scores_the_same_as_the_one_shot_call()
    {
        using var reference = ReferenceCrop("coffee");
        using var encoded = Image.NewFromFile(Pair("coffee-q40.jpg"));

        Assert.Equal(Ssimulacra2.Score(reference, encoded), Ssimulacra2Reference.Create(reference).Score(encoded), 9);
    }

    [Fact]
    public void Alpha_is_blended_onto_grey_and_a_transparent_difference_does_not_count()
    {
        using var reference = ReferenceCrop("coffee");
        using var alpha = Image.Black(reference.Width, reference.Height);
        using var transparentA = reference.Bandjoin(alpha);
        using var inverted = reference.Invert();
        using var transparentB = inverted.Bandjoin(alpha);

        Assert.Equal(100.0, Ssimulacra2.Score(transparentA, transparentB), 6);
    }

    [Fact]
    public void Images_of_different_sizes_or_smaller_than_8_pixels_are_refused()
    {
        using var reference = ReferenceCrop("coffee");
        using var smaller = reference.Crop(0, 0, 100, 100);
        using var tiny = reference.Crop(0, 0, 7, 40);

        Assert.Throws<ArgumentException>(() => Ssimulacra2.Score(reference, smaller));
        Assert.Throws<ArgumentException>(() => Ssimulacra2.Score(tiny, tiny));
    }

    private static bool IsDecreasing(double[] scores) => scores.Zip(scores.Skip(1)).All(p => p.First > p.Second);

    internal static Image ReferenceCrop(string name)
    {
        var (file, x, y, w, h) = name switch
        {
            "coffee" => ("coffee.png", 140, 60, 320, 240),
            "chelsea" => ("chelsea-exif.png", 80, 40, 288, 216),
            _ => ("camera-gray.png", 96, 64, 256, 256),
        };
        using var photo = Image.NewFromFile(TestPhotos.PathOf(file));
        return photo.Crop(x, y, w, h).CopyMemory();
    }

    internal static string Pair(string file) => Path.Combine(TestData.Folder("ssimulacra2"), file);
}
