using NetVips;
using PixTools.Operations;
using PixTools.Operations.Denoise;

namespace PixTools.UnitTests.Operations;

/// <summary>
/// The quality read back from a JPEG's luminance table (JpegQuality), which calibrates denoise's automatic strength,
/// and when the operation uses it: a JPEG at its own size, never another format or a downscaled JPEG.
/// </summary>
public class JpegQualityTests
{
    [Theory]
    [InlineData(30)]
    [InlineData(60)]
    [InlineData(75)]
    [InlineData(85)]
    [InlineData(90)]
    [InlineData(95)]
    [InlineData(100)]
    public void ReadsBackTheQualityLibjpegSavedAt(int quality)
    {
        var jpeg = DenoiseTestKit.JpegFile(DenoiseTestKit.Photo("coffee.png"), quality);

        Assert.InRange(JpegQuality.Estimate(jpeg)!.Value, quality - 1, Math.Min(100, quality + 1));
    }

    [Fact]
    public void ReadsATableOfSixteenBitEntriesAndSkipsTheOtherTablesOfItsSegment()
    {
        // One DQT segment holding the chroma table first (8-bit), then the luminance table in 16-bit entries: Annex K
        // doubled, which is quality 25 (scale 200 %).
        var body = new List<byte> { 0x01 };
        body.AddRange(Enumerable.Repeat((byte)99, 64));
        body.Add(0x10);
        foreach (var v in AnnexK) body.AddRange([(byte)(2 * v >> 8), (byte)(2 * v & 0xFF)]);
        var file = new List<byte> { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x4A, 0x46, 0xFF, 0xDB, (byte)((body.Count + 2) >> 8), (byte)((body.Count + 2) & 0xFF) };
        file.AddRange(body);
        file.AddRange([0xFF, 0xDA, 0x00, 0x02]);

        Assert.Equal(25, JpegQuality.Estimate(file.ToArray()));
    }

    [Fact]
    public void GivesNothingForOtherFormatsAndDamagedOrTablelessFiles()
    {
        var jpeg = DenoiseTestKit.JpegFile(DenoiseTestKit.Photo("coffee.png"), 80);

        Assert.Null(JpegQuality.Estimate(DenoiseTestKit.Png(DenoiseTestKit.Photo("coffee.png"))));
        Assert.Null(JpegQuality.Estimate(jpeg.AsSpan(0, 30)));
        Assert.Null(JpegQuality.Estimate([0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02]));
        Assert.Null(JpegQuality.Estimate([0xFF, 0xD8, 0xFF, 0xDB, 0xFF, 0xFF]));
        Assert.Null(JpegQuality.Estimate([]));
    }

    [Fact]
    public void TheOperationCountsAJpegsQualityOnlyAtItsOwnSizeOrLarger()
    {
        var jpeg = DenoiseTestKit.JpegFile(DenoiseTestKit.Photo("coffee.png"), 70); // 600 × 400
        var png = DenoiseTestKit.Png(DenoiseTestKit.Photo("coffee.png"));

        Assert.Equal(70, Quality(jpeg, ImageFormats.Jpeg, null));
        Assert.Equal(70, Quality(jpeg, ImageFormats.Jpeg, new ResizeSpec(600, null)));
        Assert.Null(Quality(jpeg, ImageFormats.Jpeg, new ResizeSpec(300, null)));
        Assert.Null(Quality(png, ImageFormats.Png, null));
    }

    private static int? Quality(byte[] source, ImageFormat format, ResizeSpec? resize) =>
        DenoiseOperation.JpegQualityAtOwnSize(new OperationInput(source, format, new OperationParams(Resize: resize, Strength: DenoiseStrength.Auto)));

    private static readonly int[] AnnexK =
    [
        16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
        14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
    ];
}
