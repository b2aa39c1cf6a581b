using NetVips;
using PixTools.Operations;
using PixTools.Operations.Convert.Quality;
using PixTools.Testing;
using Xunit;

namespace PixTools.UnitTests.Operations.Quality;

/// <summary>An automatic quality never writes more bytes than the upload when the output is the upload again.</summary>
public sealed class SourceSizeCapTests
{
    public SourceSizeCapTests() => TestImages.EnsureVipsSetUp();

    [Theory]
    [InlineData(90, 50_000)]
    [InlineData(95, 20_000)]
    [InlineData(70, 1_000)]
    public void Fit_finds_the_highest_quality_that_fits_within_four_encodes(int chosen, long maxBytes)
    {
        // A smooth bytes-against-quality curve, as real encoders have: 10,000 bytes at q10, about 2.7 % more per step.
        static byte[] Encode(int q) => new byte[(int)(10_000 * Math.Exp(0.027 * (q - 10)))];
        var calls = 0;

        var (quality, encoded) = SourceSizeCap.Fit(chosen, Encode(chosen), maxBytes, 10, q => { calls++; return Encode(q); });

        var best = Enumerable.Range(10, chosen - 9).Where(q => Encode(q).Length <= maxBytes).DefaultIfEmpty(10).Max();
        Assert.True(calls <= SourceSizeCap.MaxEncodes, $"{calls} encodes");
        Assert.True(encoded.LongLength <= maxBytes || quality == 10, $"q{quality}: {encoded.Length} bytes, the cap {maxBytes}");
        Assert.InRange(quality, best - 1, best);
        Assert.Equal(Encode(quality).Length, encoded.Length);
    }

    [Fact]
    public void Fit_keeps_a_choice_that_already_fits_without_encoding()
    {
        var bytes = new byte[100];
        var (quality, encoded) = SourceSizeCap.Fit(80, bytes, 100, 10, _ => throw new InvalidOperationException("no encode expected"));
        Assert.Equal((80, bytes), (quality, encoded));
    }

    [Theory]
    [InlineData("jpg", "best")]
    [InlineData("jpg", "good")]
    [InlineData("webp", "best")]
    public async Task A_compressed_upload_recompressed_in_its_own_format_at_auto_is_no_larger_than_the_upload(string format, string level)
    {
        using var photo = Image.NewFromFile(TestPhotos.PathOf("coffee.png"));
        var upload = format == "jpg" ? photo.JpegsaveBuffer(q: 55) : photo.WebpsaveBuffer(q: 50);
        var imageFormat = ImageFormats.ForOperation(format)!;

        using var destination = new MemoryStream();
        var output = await TestImages.Converter(imageFormat).RunAsync(
            new OperationInput(upload, imageFormat, new OperationParams(AutoQuality: level)), destination, CancellationToken.None);

        Assert.True(destination.Length <= upload.Length, $"{format} auto:{level}: {destination.Length} bytes from an upload of {upload.Length}");
        Assert.Equal((600, 400), (output.File!.Width, output.File.Height));
        Assert.InRange(output.Applied!.Quality!.Value, 10, 89);
    }

    [Fact]
    public async Task A_resized_output_or_another_format_is_not_capped()
    {
        using var photo = Image.NewFromFile(TestPhotos.PathOf("coffee.png"));
        var upload = photo.JpegsaveBuffer(q: 55);
        var best = new OperationParams(AutoQuality: "best");

        // auto:best of the same pixels as WebP writes more than the JPEG upload: a different format is a different choice.
        var (_, webp) = await TestImages.ConvertAsync(ImageFormats.Webp, upload, ImageFormats.Jpeg, best);
        Assert.True(webp.Length > upload.Length, $"webp {webp.Length}, upload {upload.Length}");
        var (file, larger) = await TestImages.ConvertAsync(ImageFormats.Jpeg, upload, ImageFormats.Jpeg,
            best with { Resize = new ResizeSpec(900, null) });
        Assert.Equal(900, file.Width);
        Assert.True(larger.Length > upload.Length, $"900 px: {larger.Length}, upload {upload.Length}");
    }
}
