using NetVips;
using PixTools.Operations.Convert;

namespace PixTools.Operations.Vips;

/// <summary>Encodes a finished image in a target format, with no metadata unless the caller keeps some.</summary>
internal static class VipsEncoder
{
    // keep: None writes no EXIF, XMP, IPTC or ICC: outputs never leak GPS (API.md), and the pixels are
    // already sRGB, which is what a profile-less file means. NetVips.Native's libvips 8.18 honours it for
    // WebP too (Debian's 8.14 wrote EXIF anyway, docs/engine-notes.md). An output's keep_metadata widens it.

    /// <summary>Encodes <paramref name="image"/> as <paramref name="format"/>; quality is ignored for PNG.</summary>
    public static byte[] Encode(Image image, ImageFormat format, int? quality, ImagingOptions options) =>
        EncodeWith(image, format, new EncodeSettings(quality), options);

    /// <summary>
    /// Encodes <paramref name="image"/> as <paramref name="format"/> with a recipe output's settings (quality, lossless,
    /// effort) and the metadata kinds <paramref name="keep"/> lets the saver write; the encoder tuning behind each
    /// format is in <see cref="TunedEncoders"/>.
    /// </summary>
    public static byte[] EncodeWith(Image image, ImageFormat format, EncodeSettings settings, ImagingOptions options,
        Enums.ForeignKeep keep = Enums.ForeignKeep.None) => format.Operation switch
        {
            OperationNames.Jpg => TunedEncoders.Jpeg(image, settings.Quality ?? options.JpgQuality, options, keep, settings.FullChroma),
            OperationNames.Png => TunedEncoders.Png(image, settings.Effort, options, keep),
            OperationNames.Webp => TunedEncoders.Webp(image, settings, options, keep),
            OperationNames.Avif => TunedEncoders.Avif(image, settings, options, keep),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format.Operation, "not a conversion target"),
        };
}
