using NetVips;
using PixTools.Operations.Vips;

namespace PixTools.Operations.Vips;

/// <summary>Encodes a finished image in a target format, with no metadata at all.</summary>
internal static class VipsEncoder
{
    // keep: None writes no EXIF, XMP, IPTC or ICC: outputs never leak GPS (API.md), and the pixels are
    // already sRGB, which is what a profile-less file means. NetVips.Native's libvips 8.18 honours it for
    // WebP too (Debian's 8.14 wrote EXIF anyway, docs/engine-notes.md).
    private const Enums.ForeignKeep Keep = Enums.ForeignKeep.None;

    /// <summary>Encodes <paramref name="image"/> as <paramref name="format"/>; quality is ignored for PNG.</summary>
    public static byte[] Encode(Image image, ImageFormat format, int? quality, ImagingOptions options) => format.Operation switch
    {
        // Optimised Huffman tables cut 2.3 % at no measurable cost; progressive renders early on slow links.
        OperationNames.Jpg => image.JpegsaveBuffer(q: quality, optimizeCoding: true, interlace: true, keep: Keep),
        OperationNames.Png => image.PngsaveBuffer(compression: options.PngCompression, keep: Keep),
        OperationNames.Webp => image.WebpsaveBuffer(q: quality, keep: Keep),
        OperationNames.Avif => image.HeifsaveBuffer(q: quality, compression: Enums.ForeignHeifCompression.Av1,
            effort: options.AvifEffort, tune: options.AvifTune, keep: Keep),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format.Operation, "not a conversion target"),
    };
}
