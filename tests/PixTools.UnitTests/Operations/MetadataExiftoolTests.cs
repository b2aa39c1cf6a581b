using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PixTools.Operations;
using PixTools.Operations.Metadata;

namespace PixTools.UnitTests.Operations;

/// <summary>
/// The metadata operation on photos whose EXIF exiftool wrote, in all four formats, each field compared with what
/// exiftool reads back, converted to API.md's formats here (not by the production formatter).
/// </summary>
public sealed class MetadataExiftoolTests(MetadataExiftoolTests.TaggedFiles files) : IClassFixture<MetadataExiftoolTests.TaggedFiles>
{
    /// <summary>
    /// Tags per case. Together: the four GPS hemispheres, exposures from 1/8000 to 30 s (1/3, and a stored 2/5
    /// written "0.4s", among them), focal lengths with and without a 35 mm equivalent, a turning orientation, ISO from EXIF's 0x8827 (-ISO), from XMP only (exifEX:PhotographicSensitivity),
    /// and from both (EXIF wins), and Make/Model padded with trailing spaces.
    /// </summary>
    private static readonly Dictionary<string, string[]> Cases = new()
    {
        ["south-east"] = ["-Make=Canon  ", "-Model=Canon EOS R5 ", "-LensModel=RF24-70mm F2.8 L IS USM", "-DateTimeOriginal=2024:01:02 03:04:05",
            "-ExposureTime=1/8000", "-FNumber=1.4", "-ISO=100", "-FocalLength=50", "-FocalLengthIn35mmFormat=75",
            "-GPSLatitude=33.856784", "-GPSLatitudeRef=S", "-GPSLongitude=151.215297", "-GPSLongitudeRef=E"],
        ["north-west"] = ["-Make=NIKON CORPORATION ", "-Model=NIKON Z 8   ", "-DateTimeOriginal=2023:07:04 21:30:00",
            "-ExposureTime=30", "-FNumber=22", "-ISO=25600",
            "-GPSLatitude=40.748817", "-GPSLatitudeRef=N", "-GPSLongitude=73.985428", "-GPSLongitudeRef=W"],
        ["north-east"] = ["-Make=SONY", "-Model=ILCE-7M4", "-ExposureTime=1/250", "-FNumber=2.8", "-ISO=400", "-FocalLength=4.2",
            "-GPSLatitude=59.329323", "-GPSLatitudeRef=N", "-GPSLongitude=18.068581", "-GPSLongitudeRef=E"],
        ["south-west"] = ["-Make=FUJIFILM", "-Model=X-T5", "-ExposureTime=0.4", "-FNumber=1.85", "-ISO=800",
            "-GPSLatitude=22.951916", "-GPSLatitudeRef=S", "-GPSLongitude=43.210487", "-GPSLongitudeRef=W"],
        ["seconds"] = ["-Make=Panasonic", "-ExposureTime=2.5", "-FNumber=4", "-ISO=64"],
        ["one-second"] = ["-Model=DMC-GH5", "-ExposureTime=1", "-FNumber=5.6"],
        ["a-third"] = ["-ExposureTime=1/3", "-FNumber=11"],
        ["orientation-only"] = ["-Orientation=Rotate 90 CW"],
        ["iso-xmp-only"] = ["-Make=OLYMPUS ", "-ExposureTime=1/60", "-XMP-exifEX:PhotographicSensitivity=3200"],
        ["iso-exif-and-xmp"] = ["-ISO=160", "-XMP-exifEX:PhotographicSensitivity=3200"],
    };

    public static TheoryData<string, string> FormatsAndCases()
    {
        var rows = new TheoryData<string, string>();
        foreach (var format in ImageFormats.All)
            foreach (var name in Cases.Keys)
                rows.Add(format.Operation, name);
        return rows;
    }

    [Theory]
    [MemberData(nameof(FormatsAndCases))]
    public async Task ReadsWhatExiftoolWroteAsExiftoolReadsIt(string formatName, string caseName)
    {
        var format = ImageFormats.ForOperation(formatName)!;
        var (file, tags) = files.Of(format, caseName);
        AssertExiftoolStoredEveryTag(file, tags, Cases[caseName]);

        var output = await new MetadataOperation().RunAsync(
            new OperationInput(File.ReadAllBytes(file), format, OperationParams.None), Stream.Null, CancellationToken.None);

        var expected = JsonNode.Parse(JsonSerializer.Serialize(Expected(tags)))!;
        var actual = JsonNode.Parse(JsonSerializer.Serialize(output.Metadata))!;
        Assert.True(JsonNode.DeepEquals(expected, actual), $"{formatName} {caseName}: expected {expected.ToJsonString()}, got {actual.ToJsonString()}");
    }

    /// <summary>The metadata object API.md asks for, made from exiftool's -n -G1 read-back.</summary>
    private static Dictionary<string, object> Expected(Dictionary<string, JsonElement> tags)
    {
        var metadata = new Dictionary<string, object>();
        AddText(metadata, "camera_make", tags, "IFD0:Make");
        AddText(metadata, "camera_model", tags, "IFD0:Model");
        AddText(metadata, "lens_model", tags, "ExifIFD:LensModel");
        AddText(metadata, "captured_at", tags, "ExifIFD:DateTimeOriginal");
        if (tags.TryGetValue("ExifIFD:ExposureTime", out var time)) metadata["exposure_time"] = Exposure(time.GetDecimal());
        if (tags.TryGetValue("ExifIFD:FNumber", out var fNumber))
        {
            metadata["aperture"] = string.Create(CultureInfo.InvariantCulture, $"f/{Math.Round(fNumber.GetDecimal(), 2, MidpointRounding.AwayFromZero):0.##}");
        }
        // 0x8827 (exiftool's ISO, ISOSpeedRatings / PhotographicSensitivity) first, else XMP's PhotographicSensitivity.
        if ((tags.GetValueOrDefault("ExifIFD:ISO").ValueKind == JsonValueKind.Number ? tags["ExifIFD:ISO"]
            : tags.GetValueOrDefault("XMP-exifEX:PhotographicSensitivity")) is { ValueKind: JsonValueKind.Number } iso)
        {
            metadata["iso"] = iso.GetInt32();
        }
        if (tags.TryGetValue("ExifIFD:FocalLength", out var focal))
        {
            metadata["focal_length"] = string.Create(CultureInfo.InvariantCulture, $"{Math.Round(focal.GetDecimal(), 1, MidpointRounding.AwayFromZero):0.#} mm");
        }
        if (tags.TryGetValue("ExifIFD:FocalLengthIn35mmFormat", out var equivalent) && equivalent.GetInt32() > 0)
        {
            metadata["focal_length_35mm"] = $"{equivalent.GetInt32()} mm";
        }
        if (tags.TryGetValue("IFD0:Orientation", out var orientation) && orientation.GetInt32() is >= 2 and <= 8)
        {
            metadata["orientation"] = orientation.GetInt32();
        }
        if (Coordinate(tags, "GPSLatitude", "S") is { } latitude && Coordinate(tags, "GPSLongitude", "W") is { } longitude)
        {
            metadata["gps"] = new { latitude, longitude };
        }
        return metadata;
    }

    /// <summary>
    /// API.md: under 1 s as 1/N when 1/t is within 5 % of the integer N, else seconds with at most two decimals;
    /// 1 s and over in seconds with at most one decimal.
    /// </summary>
    private static string Exposure(decimal seconds)
    {
        if (seconds >= 1) return string.Create(CultureInfo.InvariantCulture, $"{Math.Round(seconds, 1, MidpointRounding.AwayFromZero):0.#}s");
        var n = Math.Round(1 / seconds, MidpointRounding.AwayFromZero);
        if (Math.Abs(1 / seconds - n) > 0.05m * n) return string.Create(CultureInfo.InvariantCulture, $"{Math.Round(seconds, 2, MidpointRounding.AwayFromZero):0.##}s");
        return n == 1 ? "1s" : string.Create(CultureInfo.InvariantCulture, $"1/{n:0}s");
    }

    /// <summary>Decimal degrees rounded to 6 places, negative when the ref is S (latitude) or W (longitude).</summary>
    private static double? Coordinate(Dictionary<string, JsonElement> tags, string name, string negativeRef)
    {
        if (!tags.TryGetValue($"GPS:{name}", out var value) || !tags.TryGetValue($"GPS:{name}Ref", out var reference)) return null;
        var degrees = Math.Round(value.GetDouble(), 6, MidpointRounding.AwayFromZero);
        return reference.GetString() == negativeRef ? -degrees : degrees;
    }

    private static void AddText(Dictionary<string, object> metadata, string key, Dictionary<string, JsonElement> tags, string tag)
    {
        if (tags.TryGetValue(tag, out var value) && value.ToString().Trim(' ', '\0') is { Length: > 0 } text) metadata[key] = text;
    }

    /// <summary>
    /// Guards against a vacuous pass (exiftool writing nothing, both sides empty): every tag asked for is read back,
    /// and a value padded with spaces is stored padded (exiftool trims them when it reads, as the API does).
    /// </summary>
    private static void AssertExiftoolStoredEveryTag(string file, Dictionary<string, JsonElement> tags, string[] arguments)
    {
        var bytes = File.ReadAllBytes(file);
        foreach (var argument in arguments)
        {
            var (tag, value) = (argument[1..argument.IndexOf('=')], argument[(argument.IndexOf('=') + 1)..]);
            var name = tag[(tag.IndexOf(':') + 1)..];
            Assert.True(tags.Keys.Any(k => k.EndsWith(":" + name, StringComparison.Ordinal)), $"exiftool did not store {tag} in {Path.GetFileName(file)}");
            if (value.EndsWith(' '))
            {
                Assert.True(bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(value + "\0")) >= 0, $"{tag} '{value}' was not stored with its trailing spaces");
            }
        }
    }

    /// <summary>Every format x case file, made and tagged once for the class with two exiftool runs (one write, one read).</summary>
    public sealed class TaggedFiles : IDisposable
    {
        private readonly string folder = Directory.CreateTempSubdirectory("pixtools-exiftool-").FullName;
        private readonly Dictionary<string, (string File, Dictionary<string, JsonElement> Tags)> byKey = [];

        public TaggedFiles()
        {
            var writes = (from format in ImageFormats.All
                          from name in Cases.Keys
                          select (Key: $"{format.Operation}/{name}", File: Exiftool.BaseImage(folder, format), Arguments: Cases[name])).ToList();
            Exiftool.WriteAll(writes.Select(w => (w.File, (IReadOnlyList<string>)w.Arguments)).ToList());
            var read = Exiftool.ReadAll(writes.Select(w => w.File).ToList());
            foreach (var write in writes) byKey[write.Key] = (write.File, read[write.File]);
        }

        public (string File, Dictionary<string, JsonElement> Tags) Of(ImageFormat format, string caseName) => byKey[$"{format.Operation}/{caseName}"];

        public void Dispose() => Directory.Delete(folder, recursive: true);
    }
}
