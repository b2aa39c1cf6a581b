using PixTools.Operations.Metadata;
using PixTools.Operations;

namespace PixTools.UnitTests.Operations;

/// <summary>API.md: damaged or truncated EXIF never fails a job; whatever can be read is returned.</summary>
public sealed class MetadataOperationDamageTests
{
    private static IReadOnlyDictionary<string, object> Read(byte[] source, ImageFormat format) =>
        new MetadataOperation().RunAsync(new OperationInput(source, format, OperationParams.None), Stream.Null, CancellationToken.None)
            .Result.Metadata!;

    /// <summary>The offset and length (marker included) of the first APP1 "Exif" segment.</summary>
    private static (int Start, int Length) ExifSegment(byte[] jpeg)
    {
        for (var i = 2; i + 4 < jpeg.Length && jpeg[i] == 0xFF;)
        {
            var length = (jpeg[i + 2] << 8) | jpeg[i + 3];
            if (jpeg[i + 1] == 0xE1 && jpeg[i + 4] == (byte)'E' && jpeg[i + 5] == (byte)'x') return (i, length + 2);
            i += length + 2;
        }

        throw new InvalidOperationException("no EXIF segment");
    }

    public static TheoryData<int> Fractions => [1, 5, 10, 25, 50, 75, 90, 99];

    [Theory]
    [MemberData(nameof(Fractions))]
    public void FileTruncatedInsideTheExifSegmentDoesNotThrow(int percent)
    {
        var jpeg = TestPhotos.Read("storm-exif-lens.jpg");
        var (start, length) = ExifSegment(jpeg);

        var metadata = Read(jpeg[..(start + length * percent / 100)], ImageFormats.Jpeg);

        Assert.NotNull(metadata);
    }

    [Theory]
    [MemberData(nameof(Fractions))]
    public void ExifSegmentCutShortInsideTheFileDoesNotThrow(int percent)
    {
        var jpeg = TestPhotos.Read("colorfulcups-exif-gps.jpg");
        var (start, length) = ExifSegment(jpeg);
        var kept = Math.Max(10, length * percent / 100);
        var damaged = jpeg[..(start + kept)].Concat(jpeg[(start + length)..]).ToArray();
        damaged[start + 2] = (byte)((kept - 2) >> 8);
        damaged[start + 3] = (byte)(kept - 2);

        var metadata = Read(damaged, ImageFormats.Jpeg);

        Assert.NotNull(metadata);
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0xFF)]
    [InlineData(0x5A)]
    public void GarbageOverTheExifDirectoryDoesNotThrow(byte fill)
    {
        var jpeg = TestPhotos.Read("storm-exif-lens.jpg");
        var (start, length) = ExifSegment(jpeg);
        // Keep the APP1 header, "Exif\0\0" and the TIFF header; overwrite the IFD entries and values after them.
        Array.Fill(jpeg, fill, start + 4 + 6 + 8, Math.Min(400, length - 18));

        var metadata = Read(jpeg, ImageFormats.Jpeg);

        Assert.NotNull(metadata);
    }

    [Fact]
    public void GarbageLateInTheExifKeepsWhatComesBeforeIt()
    {
        var jpeg = TestPhotos.Read("colorfulcups-exif-gps.jpg");
        var (start, length) = ExifSegment(jpeg);
        Array.Fill<byte>(jpeg, 0xFF, start + length / 2, length / 2);

        var metadata = Read(jpeg, ImageFormats.Jpeg);

        Assert.Equal("SONY", metadata["camera_make"]);
    }

    [Fact]
    public void EveryTruncationOfASmallExifFileIsSafe()
    {
        var jpeg = TestPhotos.Read("storm-exif-lens.jpg");
        var (start, length) = ExifSegment(jpeg);

        for (var end = 0; end < start + length + 64; end += 7)
        {
            Assert.NotNull(Read(jpeg[..end], ImageFormats.Jpeg));
        }
    }
}
