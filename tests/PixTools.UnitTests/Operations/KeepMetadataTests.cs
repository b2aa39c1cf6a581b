using System.Text.Json;
using NetVips;
using PixTools.Operations;

namespace PixTools.UnitTests.Operations;

/// <summary>
/// keep_metadata, read back by exiftool (a reader that is not ours) and libvips: icc keeps the source's profile with
/// its pixels unconverted; copyright keeps only EXIF Artist/Copyright and the XMP rights; gps only when named; by
/// default nothing; orientation always applied to the pixels.
/// </summary>
public sealed class KeepMetadataTests(KeepMetadataTests.TaggedPhoto photo) : IClassFixture<KeepMetadataTests.TaggedPhoto>
{
    public static TheoryData<string> Targets() => ["jpg", "png", "webp", "avif"];

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task CopyrightKeepsOnlyArtistCopyrightAndXmpRights(string target)
    {
        var tags = await ConvertAndReadAsync(target, MetadataKeep.Copyright);

        Assert.Equal("Ada Lovelace", tags["IFD0:Artist"].GetString());
        Assert.Equal("(c) 2026 Ada Lovelace", tags["IFD0:Copyright"].GetString());
        Assert.Equal("All rights reserved by Ada", tags["XMP-dc:Rights"].GetString());
        Assert.DoesNotContain(tags.Keys, k => k.StartsWith("GPS:", StringComparison.Ordinal));
        Assert.DoesNotContain("IFD0:Make", tags.Keys);
        Assert.DoesNotContain("ExifIFD:DateTimeOriginal", tags.Keys);
        Assert.DoesNotContain("XMP-dc:Creator", tags.Keys);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task GpsKeepsOnlyTheGpsBlock(string target)
    {
        var tags = await ConvertAndReadAsync(target, MetadataKeep.Gps);

        Assert.Equal(56.155995, tags["GPS:GPSLatitude"].GetDouble(), 4);
        Assert.Equal(10.208205, tags["GPS:GPSLongitude"].GetDouble(), 4);
        Assert.Equal("N", tags["GPS:GPSLatitudeRef"].GetString());
        Assert.DoesNotContain("IFD0:Artist", tags.Keys);
        Assert.DoesNotContain("IFD0:Make", tags.Keys);
        Assert.DoesNotContain(tags.Keys, k => k.StartsWith("XMP", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task NothingIsKeptByDefaultNorGpsWithCopyright(string target)
    {
        var none = await ConvertAndReadAsync(target, MetadataKeep.None);
        Assert.DoesNotContain(none.Keys, k => k.StartsWith("IFD0:", StringComparison.Ordinal) || k.StartsWith("GPS:", StringComparison.Ordinal)
            || k.StartsWith("XMP", StringComparison.Ordinal) || k.StartsWith("ICC", StringComparison.Ordinal));
    }

    [Fact]
    public async Task IccKeepsTheProfileWithoutConvertingThePixels()
    {
        var (source, profile) = TestImages.WideGamutCoffee();

        var (_, kept) = await TestImages.ConvertAsync(ImageFormats.Png, source, ImageFormats.Png, new OperationParams(Keep: MetadataKeep.Icc));
        var (_, converted) = await TestImages.ConvertAsync(ImageFormats.Png, source, ImageFormats.Png);

        using var keptImage = Image.NewFromBuffer(kept);
        using var convertedImage = Image.NewFromBuffer(converted);
        Assert.Equal(profile, (byte[])keptImage.Get("icc-profile-data"));
        Assert.False(convertedImage.Contains("icc-profile-data"));
        // Kept: the very pixels of the source; not kept: converted to sRGB, which moves them.
        using var sourceImage = Image.NewFromBuffer(source);
        Assert.Equal(0, (keptImage - sourceImage).Abs().Max());
        Assert.True((convertedImage - sourceImage).Abs().Max() > 5);
    }

    [Fact]
    public async Task OrientationIsAppliedEvenWhenMetadataIsKept()
    {
        var (file, _) = await TestImages.ConvertAsync(ImageFormats.Png, TestPhotos.Read("rocket-orient6.jpg"), ImageFormats.Jpeg,
            new OperationParams(Keep: MetadataKeep.Copyright | MetadataKeep.Gps | MetadataKeep.Icc));
        Assert.Equal((427, 640), (file.Width, file.Height));
    }

    private async Task<Dictionary<string, JsonElement>> ConvertAndReadAsync(string target, MetadataKeep keep)
    {
        var format = ImageFormats.ForOperation(target)!;
        var (_, bytes) = await TestImages.ConvertAsync(format, photo.Bytes, ImageFormats.Jpeg,
            new OperationParams(Resize: new ResizeSpec(320, null), Keep: keep));
        var file = Path.Combine(photo.Folder, $"out-{Guid.NewGuid():N}.{format.Extension}");
        await File.WriteAllBytesAsync(file, bytes);
        return Exiftool.ReadAll([file])[file];
    }

    /// <summary>
    /// colorfulcups (EXIF with GPS, Make SONY) with Artist, Copyright and XMP rights and creator written by exiftool; -m:
    /// its XMP has minor faults (a duplicate property) that exiftool otherwise declines to rewrite.
    /// </summary>
    public sealed class TaggedPhoto : IDisposable
    {
        public string Folder { get; } = Directory.CreateTempSubdirectory("pixtools-keep-").FullName;
        public byte[] Bytes { get; }

        public TaggedPhoto()
        {
            var file = Path.Combine(Folder, "tagged.jpg");
            File.Copy(TestPhotos.PathOf("colorfulcups-exif-gps.jpg"), file);
            Exiftool.WriteAll([(file, ["-m", "-Artist=Ada Lovelace", "-Copyright=(c) 2026 Ada Lovelace",
                "-XMP-dc:Rights=All rights reserved by Ada", "-XMP-xmpRights:Marked=True", "-XMP-dc:Creator=Ada"])]);
            Bytes = File.ReadAllBytes(file);
        }

        public void Dispose() => Directory.Delete(Folder, recursive: true);
    }
}
