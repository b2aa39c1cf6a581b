using System.Globalization;
using PixTools.Operations.Vips;

namespace PixTools.Intake;

/// <summary>Limits written for a person reading a refusal: "10 MiB", "100 megapixels" (never a setting's name).</summary>
public static class Readable
{
    /// <summary>Whole MiB or KiB when exact ("10 MiB", "512 KiB"), else bytes with separators ("1,234,567 bytes").</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        >= 1024 * 1024 when bytes % (1024 * 1024) == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024 * 1024)} MiB"),
        >= 1024 when bytes % 1024 == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} bytes"),
    };

    /// <summary>Whole megapixels when exact ("100 megapixels"), else pixels with separators ("2,500,000 pixels").</summary>
    public static string Pixels(long pixels) => OutputSizeLimits.Megapixels(pixels);
}
