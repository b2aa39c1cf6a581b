using NetVips;

namespace PixTools.Operations.Vips;

/// <summary>
/// How one output is encoded: a fixed quality (null for PNG or lossless), lossless WebP/AVIF, the encoder effort on
/// PixTools' 0..9 scale (null: the configured default) and the metadata the file keeps (none by default).
/// </summary>
internal sealed record EncodeSettings(int? Quality, bool Lossless = false, int? Effort = null, Enums.ForeignKeep Keep = Enums.ForeignKeep.None);

/// <summary>Encodes a finished image in a target format, with no metadata unless the settings keep some.</summary>
internal static class VipsEncoder
{
    // keep: None writes no EXIF, XMP, IPTC or ICC: outputs never leak GPS (API.md), and the pixels are
    // already sRGB, which is what a profile-less file means. NetVips.Native's libvips 8.18 honours it for
    // WebP too (Debian's 8.14 wrote EXIF anyway, docs/engine-notes.md).

    /// <summary>Encodes <paramref name="image"/> as <paramref name="format"/>; quality is ignored for PNG.</summary>
    public static byte[] Encode(Image image, ImageFormat format, int? quality, ImagingOptions options) =>
        EncodeWith(image, format, new EncodeSettings(quality), options);

    /// <summary>
    /// Encodes with <paramref name="settings"/>. Effort 0..9 maps per format (docs/api.md): PNG's zlib level is the
    /// effort itself, WebP's method 0..6 is effort × 6 / 9 rounded, AVIF's effort is libvips' own 0..9; JPEG has no
    /// such trade-off in libjpeg and ignores it.
    /// </summary>
    public static byte[] EncodeWith(Image image, ImageFormat format, EncodeSettings settings, ImagingOptions options)
    {
        var keep = settings.Keep;
        return format.Operation switch
        {
            // Optimised Huffman tables cut 2.3 % at no measurable cost; progressive renders early on slow links.
            OperationNames.Jpg => image.JpegsaveBuffer(q: settings.Quality, optimizeCoding: true, interlace: true, keep: keep),
            OperationNames.Png => image.PngsaveBuffer(compression: settings.Effort ?? options.PngCompression, keep: keep),
            OperationNames.Webp => settings.Lossless
                ? image.WebpsaveBuffer(lossless: true, effort: WebpMethod(settings.Effort), keep: keep)
                : image.WebpsaveBuffer(q: settings.Quality, effort: WebpMethod(settings.Effort), keep: keep),
            OperationNames.Avif => settings.Lossless
                ? image.HeifsaveBuffer(lossless: true, compression: Enums.ForeignHeifCompression.Av1,
                    effort: settings.Effort ?? options.AvifEffort, keep: keep)
                : image.HeifsaveBuffer(q: settings.Quality, compression: Enums.ForeignHeifCompression.Av1,
                    effort: settings.Effort ?? options.AvifEffort, tune: options.AvifTune, keep: keep),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format.Operation, "not a conversion target"),
        };
    }

    /// <summary>libwebp's method 0..6 for PixTools' effort 0..9; null keeps libwebp's default (4).</summary>
    private static int? WebpMethod(int? effort) => effort is { } e ? (int)Math.Round(e * 6 / 9.0, MidpointRounding.AwayFromZero) : null;
}
