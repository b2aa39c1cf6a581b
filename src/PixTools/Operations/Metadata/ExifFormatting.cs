using System.Globalization;
using MetadataExtractor;

namespace PixTools.Operations.Metadata;

/// <summary>The value formats of the job view's <c>metadata</c> (API.md, GET /api/jobs/{job_id}).</summary>
internal static class ExifFormatting
{
    /// <summary>
    /// Exposure time: under 1 s as <c>1/N</c> + <c>s</c> with N = round(1/t), so a stored 10/2500 is "1/250s";
    /// 1 s and over in seconds with at most one decimal ("2s", "2.5s", "30s"). Null for a zero, negative
    /// or undefined (x/0) time.
    /// </summary>
    /// <remarks>
    /// A midpoint rounds away from zero: 0.4 s gives 1/t = 2.5, N = 3, "1/3s". Of the two neighbours,
    /// 1/3 s (0.333) is nearer to 0.4 s than 1/2 s is, and that holds at every midpoint (1/(k+1) is nearer to
    /// 1/(k+0.5) than 1/k is), so away-from-zero always names the nearer shutter speed; banker's rounding would not.
    /// A time just under 1 s whose N rounds to 1 is written "1s" rather than "1/1s".
    /// </remarks>
    public static string? ExposureTime(Rational time)
    {
        if (time.Denominator == 0 || time.Numerator == 0 || (time.Numerator < 0) != (time.Denominator < 0)) return null;

        var seconds = (decimal)time.Numerator / time.Denominator;
        if (seconds < 1)
        {
            var n = Math.Round((decimal)time.Denominator / time.Numerator, MidpointRounding.AwayFromZero);
            return n == 1 ? "1s" : string.Create(CultureInfo.InvariantCulture, $"1/{n:0}s");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{Math.Round(seconds, 1, MidpointRounding.AwayFromZero):0.#}s");
    }

    /// <summary>Aperture: <c>f/</c> and the f-number with at most two decimals, trailing zeros dropped ("f/2.8", "f/4", "f/1.85").</summary>
    public static string? Aperture(double fNumber)
    {
        if (!double.IsFinite(fNumber) || fNumber <= 0 || fNumber > 10_000) return null;

        var rounded = Math.Round((decimal)fNumber, 2, MidpointRounding.AwayFromZero);
        return string.Create(CultureInfo.InvariantCulture, $"f/{rounded:0.##}");
    }

    /// <summary>A coordinate in decimal degrees rounded to 6 places (about 0.1 m).</summary>
    public static double Degrees(double degrees) => Math.Round(degrees, 6, MidpointRounding.AwayFromZero);

    /// <summary>Camera text trimmed of spaces and NULs (EXIF ASCII fields are often padded with both); null when empty.</summary>
    public static string? Text(string? value)
    {
        var trimmed = value?.Trim(' ', '\0', '\t', '\r', '\n');
        return string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }

    /// <summary>
    /// DateTimeOriginal as written ("YYYY:MM:DD HH:MM:SS"), trimmed; null when blank or all zeros
    /// ("0000:00:00 00:00:00" is what cameras without a clock write).
    /// </summary>
    public static string? CapturedAt(string? value)
    {
        var text = Text(value);
        return text is null || text.All(c => c is '0' or ':' or ' ' or '-' or 'T') ? null : text;
    }

    /// <summary>An XMP date ("2009-02-09T11:11:30", maybe with fraction and zone) written the EXIF way; null when unreadable.</summary>
    public static string? CapturedAtFromXmp(string? value)
    {
        var text = Text(value);
        if (text is null || text.Length < 19 || text[4] != '-' || text[7] != '-' || text[10] != 'T') return null;
        var exifStyle = $"{text[..4]}:{text[5..7]}:{text[8..10]} {text[11..19]}";
        return DateTime.TryParseExact(exifStyle, "yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? exifStyle
            : null;
    }
}
