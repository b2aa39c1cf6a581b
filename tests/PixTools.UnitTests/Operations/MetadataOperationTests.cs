using System.Text.Json;
using NetVips;
using PixTools.Operations;
using PixTools.Operations.Metadata;

namespace PixTools.UnitTests.Operations;

public sealed class MetadataOperationTests
{
    private static IReadOnlyDictionary<string, object> Read(byte[] source, ImageFormat format)
    {
        var output = new MetadataOperation().RunAsync(new OperationInput(source, format, OperationParams.None), Stream.Null, CancellationToken.None).Result;
        Assert.Null(output.File);
        return Assert.IsAssignableFrom<IReadOnlyDictionary<string, object>>(output.Metadata);
    }

    private static IReadOnlyDictionary<string, object> ReadPhoto(string name) =>
        Read(TestPhotos.Read(name), name.EndsWith(".png", StringComparison.Ordinal) ? ImageFormats.Png : ImageFormats.Jpeg);

    /// <summary>A small copy made with libvips keeping all metadata, as a client's converter would.</summary>
    private static byte[] CopyAs(string name, ImageFormat format)
    {
        using var image = Image.NewFromFile(TestPhotos.PathOf(name)).Resize(0.05);
        return format.Extension switch
        {
            "webp" => image.WebpsaveBuffer(keep: Enums.ForeignKeep.All),
            "avif" => image.HeifsaveBuffer(compression: Enums.ForeignHeifCompression.Av1, effort: 0, keep: Enums.ForeignKeep.All),
            "png" => image.PngsaveBuffer(keep: Enums.ForeignKeep.All),
            _ => image.JpegsaveBuffer(keep: Enums.ForeignKeep.All),
        };
    }

    public static readonly Dictionary<string, object> ColorfulCups = new()
    {
        ["camera_make"] = "SONY",
        ["camera_model"] = "NEX-3N",
        ["captured_at"] = "2014:04:29 14:25:26",
        ["exposure_time"] = "1/640s",
        ["aperture"] = "f/8",
        ["iso"] = 400,
        ["gps"] = new GpsCoordinates(56.155995, 10.208205),
        ["focal_length"] = "28 mm",
        ["focal_length_35mm"] = "42 mm",
    };

    // ExposureTime 2/5 = 0.4 s: 1/t = 2.5 is near no 1/N, so it is written in seconds (see ExifFormatting.ExposureTime).
    public static readonly Dictionary<string, object> Storm = new()
    {
        ["camera_make"] = "Canon",
        ["camera_model"] = "Canon EOS 400D DIGITAL",
        ["lens_model"] = "EF-S18-55mm f/3.5-5.6",
        ["captured_at"] = "2008:04:20 19:12:06",
        ["exposure_time"] = "0.4s",
        ["aperture"] = "f/3.5",
        ["iso"] = 100,
        ["focal_length"] = "18 mm",
    };

    // chelsea's camera data is in an XMP packet (iTXt), not an eXIf chunk, with trailing spaces in make and model.
    public static readonly Dictionary<string, object> Chelsea = new()
    {
        ["camera_make"] = "PENTAX Corporation",
        ["camera_model"] = "PENTAX K100D Super",
        ["exposure_time"] = "1/6s",
        ["aperture"] = "f/8",
        ["iso"] = 800,
        ["focal_length"] = "55 mm",
    };

    // Only an Orientation tag (6: rotate 90° clockwise): what is there is shown, and nothing about a camera.
    public static readonly Dictionary<string, object> Rocket = new()
    {
        ["orientation"] = 6,
    };

    public static TheoryData<string, Dictionary<string, object>> Photos => new()
    {
        { "colorfulcups-exif-gps.jpg", ColorfulCups },
        { "storm-exif-lens.jpg", Storm },
        { "chelsea-exif.png", Chelsea },
        { "friends-portrait.jpg", [] },
        { "coffee.png", [] },
        { "rocket-orient6.jpg", Rocket },
    };

    [Theory]
    [MemberData(nameof(Photos))]
    public void ReadsTheDocumentedMetadataOfEachTestPhoto(string photo, Dictionary<string, object> expected)
    {
        var metadata = ReadPhoto(photo);

        Assert.Equal(expected.OrderBy(p => p.Key), metadata.OrderBy(p => p.Key));
    }

    public static TheoryData<string, string, Dictionary<string, object>> Copies => new()
    {
        { "colorfulcups-exif-gps.jpg", "webp", ColorfulCups },
        { "colorfulcups-exif-gps.jpg", "avif", ColorfulCups },
        { "colorfulcups-exif-gps.jpg", "png", ColorfulCups },
        { "storm-exif-lens.jpg", "webp", Storm },
        { "storm-exif-lens.jpg", "avif", Storm },
        { "storm-exif-lens.jpg", "png", Storm },
        { "chelsea-exif.png", "webp", Chelsea },
        { "chelsea-exif.png", "avif", Chelsea },
    };

    [Theory]
    [MemberData(nameof(Copies))]
    public void ReadsTheSameMetadataFromWebpAvifAndPngCopies(string photo, string extension, Dictionary<string, object> expected)
    {
        var format = ImageFormats.All.Single(f => f.Extension == extension);

        var metadata = Read(CopyAs(photo, format), format);

        Assert.Equal(expected.OrderBy(p => p.Key), metadata.OrderBy(p => p.Key));
    }

    [Fact]
    public void SerialisesGpsAsANestedObject()
    {
        var json = JsonSerializer.Serialize(ReadPhoto("colorfulcups-exif-gps.jpg"));

        Assert.Contains("\"gps\":{\"latitude\":56.155995,\"longitude\":10.208205}", json);
        Assert.Contains("\"iso\":400", json);
    }

    [Fact]
    public async Task WritesNoFile()
    {
        using var destination = new MemoryStream();

        var output = await new MetadataOperation().RunAsync(
            new OperationInput(TestPhotos.Read("storm-exif-lens.jpg"), ImageFormats.Jpeg, OperationParams.None), destination, CancellationToken.None);

        Assert.Null(output.File);
        Assert.Equal(0, destination.Length);
        Assert.Equal("metadata", new MetadataOperation().Name);
    }

    [Theory]
    [InlineData(new byte[0], "jpg")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF }, "jpg")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0 }, "png")]
    [InlineData(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 }, "webp")]
    [InlineData(new byte[] { 0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x61, 0x76, 0x69, 0x66 }, "avif")]
    public void UndecodableFilesGiveAnEmptyObject(byte[] source, string extension)
    {
        var metadata = Read(source, ImageFormats.All.Single(f => f.Extension == extension));

        Assert.Empty(metadata);
    }
}
