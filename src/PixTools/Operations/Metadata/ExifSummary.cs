using System.Globalization;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Xmp;
using Directory = MetadataExtractor.Directory;

namespace PixTools.Operations.Metadata;

/// <summary>
/// Builds the job view's <c>metadata</c> object from the directories MetadataExtractor read (API.md):
/// the EXIF block first; the maker notes (lens) and XMP (everything but GPS) fill a gap. Absent tags are absent keys.
/// </summary>
internal static class ExifSummary
{
    public const string CameraMake = "camera_make";
    public const string CameraModel = "camera_model";
    public const string LensModel = "lens_model";
    public const string CapturedAt = "captured_at";
    public const string ExposureTime = "exposure_time";
    public const string Aperture = "aperture";
    public const string Iso = "iso";
    public const string Gps = "gps";
    public const string FocalLength = "focal_length";
    public const string FocalLength35mm = "focal_length_35mm";
    public const string Orientation = "orientation";

    public static Dictionary<string, object> Build(IReadOnlyList<Directory> directories)
    {
        var ifd0 = directories.OfType<ExifIfd0Directory>().ToList();
        var subIfd = directories.OfType<ExifSubIfdDirectory>().ToList();
        var xmp = Xmp(directories);
        var metadata = new Dictionary<string, object>(StringComparer.Ordinal);

        Add(metadata, CameraMake, ExifFormatting.Text(FirstString(ifd0, ExifDirectoryBase.TagMake))
            ?? ExifFormatting.Text(xmp.GetValueOrDefault("tiff:Make")));
        Add(metadata, CameraModel, ExifFormatting.Text(FirstString(ifd0, ExifDirectoryBase.TagModel))
            ?? ExifFormatting.Text(xmp.GetValueOrDefault("tiff:Model")));
        Add(metadata, LensModel, ExifFormatting.Text(FirstString(subIfd, ExifDirectoryBase.TagLensModel))
            ?? ExifFormatting.Text(MakernoteLensModel(directories))
            ?? ExifFormatting.Text(xmp.GetValueOrDefault("exifEX:LensModel"))
            ?? ExifFormatting.Text(xmp.GetValueOrDefault("aux:Lens")));
        Add(metadata, CapturedAt, ExifFormatting.CapturedAt(FirstString(subIfd, ExifDirectoryBase.TagDateTimeOriginal))
            ?? ExifFormatting.CapturedAtFromXmp(xmp.GetValueOrDefault("exif:DateTimeOriginal")));
        Add(metadata, ExposureTime, FirstRational(subIfd, ExifDirectoryBase.TagExposureTime) is { } time
            ? ExifFormatting.ExposureTime(time)
            : XmpRational(xmp, "exif:ExposureTime") is { } xmpTime ? ExifFormatting.ExposureTime(xmpTime) : null);
        Add(metadata, Aperture, FirstRational(subIfd, ExifDirectoryBase.TagFNumber) is { } fNumber
            ? ExifFormatting.Aperture(fNumber.ToDouble())
            : XmpRational(xmp, "exif:FNumber") is { } xmpFNumber ? ExifFormatting.Aperture(xmpFNumber.ToDouble()) : null);
        if (IsoOf(subIfd, xmp) is { } iso) metadata[Iso] = iso;
        Add(metadata, FocalLength, FirstRational(subIfd, ExifDirectoryBase.TagFocalLength) is { } focal
            ? ExifFormatting.FocalLength(focal.ToDouble())
            : XmpRational(xmp, "exif:FocalLength") is { } xmpFocal ? ExifFormatting.FocalLength(xmpFocal.ToDouble()) : null);
        Add(metadata, FocalLength35mm, FocalLength35mmOf(subIfd, xmp) is { } equivalent ? ExifFormatting.FocalLength(equivalent) : null);
        if (OrientationOf(ifd0) is { } orientation) metadata[Orientation] = orientation;
        if (GpsOf(directories) is { } gps) metadata[Gps] = gps;
        return metadata;
    }

    private static void Add(Dictionary<string, object> metadata, string key, string? value)
    {
        if (value is not null) metadata[key] = value;
    }

    private static string? FirstString<T>(List<T> directories, int tag) where T : Directory =>
        directories.Select(d => d.GetString(tag)).FirstOrDefault(s => s is not null);

    private static Rational? FirstRational<T>(List<T> directories, int tag) where T : Directory
    {
        foreach (var directory in directories)
        {
            if (directory.TryGetRational(tag, out var value)) return value;
        }

        return null;
    }

    /// <summary>
    /// Tag 0x8827 is ISOSpeedRatings, renamed PhotographicSensitivity in EXIF 2.3: one tag, so the EXIF read is one
    /// lookup; XMP names it either way (exif:ISOSpeedRatings, exifEX:PhotographicSensitivity).
    /// </summary>
    private static int? IsoOf(List<ExifSubIfdDirectory> subIfd, Dictionary<string, string> xmp)
    {
        foreach (var directory in subIfd)
        {
            if (FirstInteger(directory.GetObject(ExifDirectoryBase.TagIsoEquivalent)) is { } iso) return iso;
        }

        foreach (var key in new[] { "exif:ISOSpeedRatings[1]", "exif:ISOSpeedRatings", "exifEX:PhotographicSensitivity" })
        {
            if (int.TryParse(xmp.GetValueOrDefault(key), NumberStyles.None, CultureInfo.InvariantCulture, out var iso) && iso > 0)
            {
                return iso;
            }
        }

        return null;
    }

    /// <summary>FocalLengthIn35mmFilm (0xA405, a SHORT; 0 means unknown), else XMP's exif:FocalLengthIn35mmFilm.</summary>
    private static int? FocalLength35mmOf(List<ExifSubIfdDirectory> subIfd, Dictionary<string, string> xmp)
    {
        foreach (var directory in subIfd)
        {
            if (FirstInteger(directory.GetObject(ExifDirectoryBase.Tag35MMFilmEquivFocalLength)) is { } mm) return mm;
        }

        return int.TryParse(xmp.GetValueOrDefault("exif:FocalLengthIn35mmFilm"), NumberStyles.None, CultureInfo.InvariantCulture, out var xmpMm) && xmpMm > 0
            ? xmpMm
            : null;
    }

    /// <summary>
    /// The EXIF Orientation code when it turns or mirrors the picture (2..8); null when absent, 1 (upright) or out of
    /// range. The outputs are already turned upright; this says that the stored pixels were not.
    /// </summary>
    private static int? OrientationOf(List<ExifIfd0Directory> ifd0)
    {
        foreach (var directory in ifd0)
        {
            if (FirstInteger(directory.GetObject(ExifDirectoryBase.TagOrientation)) is { } code) return code is >= 2 and <= 8 ? code : null;
        }

        return null;
    }

    private static int? FirstInteger(object? value) => value switch
    {
        ushort u when u > 0 => u,
        short s when s > 0 => s,
        int i when i > 0 => i,
        uint u when u is > 0 and <= int.MaxValue => (int)u,
        long l when l is > 0 and <= int.MaxValue => (int)l,
        Array { Length: > 0 } array => FirstInteger(array.GetValue(0)),
        _ => null,
    };

    private static GpsCoordinates? GpsOf(IReadOnlyList<Directory> directories)
    {
        foreach (var gps in directories.OfType<GpsDirectory>())
        {
            // GetGeoLocation returns null unless both latitude and longitude (with their refs) are readable.
            if (gps.GetGeoLocation() is { } location && double.IsFinite(location.Latitude) && double.IsFinite(location.Longitude))
            {
                return new GpsCoordinates(ExifFormatting.Degrees(location.Latitude), ExifFormatting.Degrees(location.Longitude));
            }
        }

        return null;
    }

    /// <summary>Maker notes (Canon's, for one) carry the lens name when the EXIF LensModel tag is absent.</summary>
    private static string? MakernoteLensModel(IReadOnlyList<Directory> directories) =>
        directories
            .Where(d => d.Name.EndsWith("Makernote", StringComparison.Ordinal))
            .SelectMany(d => d.Tags.Where(t => t.Name == "Lens Model").Select(t => d.GetString(t.Type)))
            .FirstOrDefault(s => !string.IsNullOrWhiteSpace(s));

    private static Dictionary<string, string> Xmp(IReadOnlyList<Directory> directories)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var directory in directories.OfType<XmpDirectory>())
        {
            foreach (var (key, value) in directory.GetXmpProperties())
            {
                properties.TryAdd(key, value);
            }
        }

        return properties;
    }

    /// <summary>An XMP rational is written "1/6" or as a decimal "0.4".</summary>
    private static Rational? XmpRational(Dictionary<string, string> xmp, string key)
    {
        var text = xmp.GetValueOrDefault(key);
        if (text is null) return null;
        var parts = text.Split('/');
        if (parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var numerator)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var denominator))
        {
            return new Rational(numerator, denominator);
        }

        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) && number < 1_000_000
            ? new Rational((long)(number * 1_000_000), 1_000_000)
            : null;
    }
}
