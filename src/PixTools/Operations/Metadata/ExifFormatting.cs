using System.Globalization;
using MetadataExtractor;

namespace PixTools.Operations.Metadata;

/// <summary>The value formats of the job view's <c>metadata</c> (API.md, GET /api/jobs/{job_id}).</summary>
internal static class ExifFormatting
{
    /// <summary>
    /// Exposure time (API.md): under 1 s as <c>1/N</c> + <c>s</c> when 1/t is within 5 % of an integer N
    /// (<c>"1/250s"</c>, also for a stored 10/2500; <c>"1/3s"</c> for 0.333 s); otherwise the seconds with at most two
    /// decimals, trailing zeros dropped (<c>"0.4s"</c>, <c>"0.3s"</c>). 1 s and over in seconds with at most one
    /// decimal (<c>"2s"</c>, <c>"2.5s"</c>, <c>"30s"</c>). Null for a zero, negative or undefined (x/0) time.
    /// </summary>
    /// <remarks>
    /// A camera writes a shutter speed as 1/N (or as its decimal, 0.004); a time that is not near any 1/N (0.4 s is
    /// 1/2.5) was set in seconds, and rounding it to a 1/N would name a speed that was not used. From N = 10 on,
    /// every time is within 5 % of its nearest N, so only times over about 0.1 s can be written in seconds.
    /// A time just under 1 s within 5 % of 1/1 is written "1s" rather than "1/1s".
    /// </remarks>
    public static string? ExposureTime(Rational time)
    {
        if (time.Denominator == 0 || time.Numerator == 0 || (time.Numerator < 0) != (time.Denominator < 0)) return null;

        var seconds = (decimal)time.Numerator / time.Denominator;
        if (seconds < 1)
        {
            var reciprocal = (decimal)time.Denominator / time.Numerator;
            var n = Math.Round(reciprocal, MidpointRounding.AwayFromZero);
            if (Math.Abs(reciprocal - n) <= 0.05m * n)
            {
                return n == 1 ? "1s" : string.Create(CultureInfo.InvariantCulture, $"1/{n:0}s");
            }

            return string.Create(CultureInfo.InvariantCulture, $"{Math.Round(seconds, 2, MidpointRounding.AwayFromZero):0.##}s");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{Math.Round(seconds, 1, MidpointRounding.AwayFromZero):0.#}s");
    }

    /// <summary>
    /// A focal length in millimetres with at most one decimal, trailing zero dropped, and " mm" (<c>"50 mm"</c>,
    /// <c>"4.2 mm"</c>); null when zero, negative or not finite.
    /// </summary>
    public static string? FocalLength(double millimetres)
    {
        if (!double.IsFinite(millimetres) || millimetres <= 0 || millimetres > 100_000) return null;

        var rounded = Math.Round((decimal)millimetres, 1, MidpointRounding.AwayFromZero);
        return rounded == 0 ? null : string.Create(CultureInfo.InvariantCulture, $"{rounded:0.#} mm");
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
