using System.Diagnostics;
using PixTools.Intake;
using PixTools.Intake.Structure;
using PixTools.Operations;
using PixTools.UnitTests.Operations;

namespace PixTools.UnitTests.Intake;

public class StructureScanTests
{
    private static readonly LimitsOptions Limits = new();
    private static readonly byte[] Png = TestPhotos.Read("coffee.png");
    private static readonly byte[] Jpeg = TestPhotos.Read("storm-exif-lens.jpg");

    public static TheoryData<string> Photos => new() { "camera-gray.png", "chelsea-exif.png", "coffee.png", "colorfulcups-exif-gps.jpg", "friends-portrait.jpg", "rocket-orient6.jpg", "storm-exif-lens.jpg" };

    [Theory]
    [MemberData(nameof(Photos))]
    public void PassesEveryTestPhotoInEveryFormatWeRead(string photo)
    {
        var bytes = TestPhotos.Read(photo);
        Assert.Null(StructureScan.Check(bytes, FormatSniffer.Sniff(bytes)!, Limits));
        Assert.Null(StructureScan.Check(TestImages.Webp(photo), ImageFormats.Webp, Limits));
        Assert.Null(StructureScan.Check(TestImages.Save(photo, i => i.PngsaveBuffer()), ImageFormats.Png, Limits));
        Assert.Null(StructureScan.Check(TestImages.Save(photo, i => i.JpegsaveBuffer()), ImageFormats.Jpeg, Limits));
    }

    [Fact]
    public void PassesAnAvif() => Assert.Null(StructureScan.Check(TestImages.Avif("coffee.png"), ImageFormats.Avif, Limits));

    [Fact]
    public void PassesATiffOfAsManyPagesAsTheFrameLimitAndRefusesOneMore()
    {
        var limits = new LimitsOptions { MaxFrames = 3 };
        Assert.Null(StructureScan.Check(CraftedImages.TiffPages(3), ImageFormats.Tiff, limits));

        var problem = StructureScan.Check(CraftedImages.TiffPages(4), ImageFormats.Tiff, limits);

        Assert.Equal(422, problem?.StatusCode);
        Assert.Equal("This TIFF has more than 3 pages; the limit is 3. Only its first page is read: send that page alone.", problem!.Detail);
    }

    [Fact]
    public void RefusesATiffWhoseDirectoriesLoopAsDamaged()
    {
        var problem = StructureScan.Check(CraftedImages.TiffPages(2, loop: true), ImageFormats.Tiff, Limits);

        Assert.Equal(400, problem?.StatusCode);
        Assert.Equal("file is not a valid tiff image: its directories form a loop (the file is damaged)", problem!.Detail);
    }

    [Fact]
    public void RefusesAPngWhoseIhdrChecksumDoesNotMatch()
    {
        var problem = StructureScan.Check(CraftedImages.PngWithBadIhdrCrc(Png), ImageFormats.Png, Limits);
        Assert.Equal(400, problem?.StatusCode);
        Assert.Contains("checksum of its IHDR chunk", problem!.Detail);
    }

    [Fact]
    public void RefusesATruncatedPng()
    {
        var problem = StructureScan.Check(CraftedImages.Truncated(Png, 0.5), ImageFormats.Png, Limits);
        Assert.Equal(400, problem?.StatusCode);
        Assert.Contains("truncated", problem!.Detail);
    }

    [Theory]
    [InlineData("zTXt")]
    [InlineData("iCCP")]
    [InlineData("iTXt")]
    public void RefusesACompressedChunkThatInflatesPastTheLimitQuicklyAndWithoutHoldingIt(string chunk)
    {
        var bomb = chunk switch
        {
            "zTXt" => CraftedImages.PngWithZtxtBomb(Png, 512L << 20),
            "iCCP" => CraftedImages.PngWithIccpBomb(Png, 512L << 20),
            _ => CraftedImages.PngWithItxtBomb(Png, 512L << 20),
        };
        Assert.True(bomb.Length - Png.Length < 1 << 20, $"the bomb adds {bomb.Length - Png.Length} bytes");
        Assert.True(PngStructureProbe.Inflated(bomb) > 500L << 20, "the bomb does not inflate to what it claims");
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        var problem = StructureScan.Check(bomb, ImageFormats.Png, Limits);
        watch.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.Equal(422, problem?.StatusCode);
        Assert.Contains($"more than {Readable.Bytes(Limits.MaxMetadataBytes)} of metadata once expanded", problem!.Detail);
        Assert.Contains(chunk, problem.Detail);
        Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(500), $"took {watch.Elapsed}");
        Assert.True(allocated < 8L << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void AcceptsACompressedChunkUnderTheLimit()
    {
        var png = CraftedImages.PngWithZtxtBomb(Png, 1 << 20);
        Assert.Null(StructureScan.Check(png, ImageFormats.Png, Limits));
        // The crafted stream is real zlib: it inflates to what it claims, and libvips reads the file.
        Assert.Equal(1 + (((1 << 20) - 1) / 258 * 258), PngStructureProbe.Inflated(png));
        using var image = NetVips.Image.NewFromBuffer(png);
        Assert.Equal(600, image.Width);
    }

    [Fact]
    public void RefusesJpegMetadataSegmentsThatAddUpPastTheLimit()
    {
        var limits = new LimitsOptions { MaxMetadataBytes = 1 << 20 };
        var problem = StructureScan.Check(CraftedImages.JpegWithIccSegments(Jpeg, 20), ImageFormats.Jpeg, limits);
        Assert.Equal(422, problem?.StatusCode);
        Assert.Contains("APP2", problem!.Detail);
        Assert.Null(StructureScan.Check(CraftedImages.JpegWithIccSegments(Jpeg, 10), ImageFormats.Jpeg, limits));
    }

    [Fact]
    public void RefusesMoreMetadataBlocksThanTheLimit()
    {
        var problem = StructureScan.Check(CraftedImages.JpegWithIccSegments(Jpeg, 5), ImageFormats.Jpeg, new LimitsOptions { MaxMetadataBlocks = 4 });
        Assert.Equal(422, problem?.StatusCode);
        Assert.Contains("more than 4 metadata blocks", problem!.Detail);
    }

    [Fact]
    public void CountsTheScansOfAProgressiveJpegAndRefusesThousandsOfThem()
    {
        var progressive = TestImages.Save("coffee.png", i => i.JpegsaveBuffer(interlace: true));
        Assert.Null(StructureScan.Check(progressive, ImageFormats.Jpeg, Limits));
        var within = CraftedImages.JpegWithRepeatedScan(progressive, 100);
        Assert.Null(StructureScan.Check(within, ImageFormats.Jpeg, Limits));

        var many = CraftedImages.JpegWithRepeatedScan(progressive, 3000);
        var problem = StructureScan.Check(many, ImageFormats.Jpeg, Limits);

        Assert.Equal(422, problem?.StatusCode);
        Assert.StartsWith("This JPEG is stored in 3,", problem!.Detail);
        Assert.Contains("the limit is 256", problem.Detail);
        Assert.Equal(422, StructureScan.Check(within, ImageFormats.Jpeg, new LimitsOptions { MaxJpegScans = 50 })?.StatusCode);
    }

    [Fact]
    public void CountsOnlyUpToTheEndOfTheImage()
    {
        // A baseline JPEG followed by a second picture of thousands of scans (a multi-picture file's trailer): one scan.
        var baseline = TestImages.Save("coffee.png", i => i.JpegsaveBuffer());
        var trailer = CraftedImages.JpegWithRepeatedScan(TestImages.Save("coffee.png", i => i.JpegsaveBuffer(interlace: true)), 3000);
        Assert.Null(StructureScan.Check([.. baseline, .. trailer], ImageFormats.Jpeg, Limits));
        Assert.Equal((1, true), JpegStructure.CountScans(baseline.AsSpan(baseline.AsSpan().IndexOf([(byte)0xFF, (byte)0xDA]) + 2)));
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xDA, 0x00, 0xFF, 0xD9 }, 2, true)] // fill bytes before a marker
    [InlineData(new byte[] { 0xFF }, 1, false)] // cut after a 0xFF
    [InlineData(new byte[] { 0xFF, 0xDA, 0xFF, 0xDA }, 3, false)]
    [InlineData(new byte[] { 0x00, 0xFF, 0x00, 0xFF, 0xD9, 0xFF, 0xDA }, 1, true)] // a scan after the end is not counted
    [InlineData(new byte[] { 0xFF, 0x00, 0xDA, 0xFF, 0xD0, 0xD9, 0xFF, 0xD9 }, 1, true)] // stuffed and restart markers
    public void CountsScansMarkerByMarker(byte[] afterFirstScanHeader, int scans, bool ended) =>
        Assert.Equal((scans, ended), JpegStructure.CountScans(afterFirstScanHeader));

    [Theory]
    [InlineData(false, 2)]
    [InlineData(false, 5000)]
    [InlineData(true, 2)]
    [InlineData(true, 5000)]
    public void RefusesAJpegCutInsideItsImageDataEvenWhenOnlyTheEndMarkerIsMissing(bool progressive, int cutBytes)
    {
        // The decoder refuses both (libjpeg: premature end of the data), so the upload is refused before it is stored.
        var jpeg = TestImages.Save("coffee.png", i => i.JpegsaveBuffer(interlace: progressive));

        var problem = StructureScan.Check(jpeg[..^cutBytes], ImageFormats.Jpeg, Limits);

        Assert.Equal(400, problem?.StatusCode);
        Assert.Equal("file is not a valid jpg image: it ends before the end of its image data (the file is truncated)", problem!.Detail);
        Assert.Null(StructureScan.Check([.. jpeg, 0, 0, 0], ImageFormats.Jpeg, Limits));
    }

    [Fact]
    public void RefusesAJpegSegmentRunningPastTheEnd()
    {
        var cut = Jpeg[..40];
        Assert.Equal(400, StructureScan.Check(cut, ImageFormats.Jpeg, Limits)?.StatusCode);
    }

    [Fact]
    public void RefusesAWebpWhoseRiffSizeIsLongerThanTheFile()
    {
        var webp = TestImages.Webp("coffee.png");
        var problem = StructureScan.Check(webp[..(webp.Length / 2)], ImageFormats.Webp, Limits);
        Assert.Equal(400, problem?.StatusCode);
        Assert.Contains("truncated", problem!.Detail);
    }

    [Fact]
    public void RefusesAnAvifBoxRunningPastTheEnd()
    {
        var avif = TestImages.Avif("coffee.png");
        Assert.Equal(400, StructureScan.Check(avif[..(avif.Length / 2)], ImageFormats.Avif, Limits)?.StatusCode);
    }
}

/// <summary>Inflates the first inserted chunk's zlib data completely, to check the crafted streams.</summary>
internal static class PngStructureProbe
{
    public static long Inflated(byte[] png)
    {
        var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(33));
        var data = png.AsSpan(41, length);
        var start = data.IndexOf([(byte)0x78, (byte)0x9C]); // the zlib header the crafted streams start with
        return PngStructure.InflatedSize(data[start..].ToArray(), long.MaxValue)!.Value;
    }
}
