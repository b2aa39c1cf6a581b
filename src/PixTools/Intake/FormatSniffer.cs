using System.Buffers.Binary;
using PixTools.Operations;

namespace PixTools.Intake;

/// <summary>
/// Tells the format of an upload from its first bytes (magic numbers), never from the client's Content-Type.
/// Only the formats PixTools reads are recognised (JPEG, PNG, WebP, AVIF, TIFF, GIF, HEIC/HEIF); anything else (BMP, SVG, …) is null.
/// </summary>
public static class FormatSniffer
{
    /// <summary>
    /// How many leading bytes <see cref="Sniff"/> looks at. 64 covers an AVIF <c>ftyp</c> box with a dozen
    /// compatible brands; encoders write four to seven (libavif: <c>avif mif1 miaf MA1B</c>).
    /// </summary>
    public const int HeadLength = 64;

    private static ReadOnlySpan<byte> JpegMagic => [0xFF, 0xD8, 0xFF];
    private static ReadOnlySpan<byte> PngMagic => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The format of the file starting with <paramref name="head"/>, or null when it is none PixTools reads.</summary>
    public static ImageFormat? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith(JpegMagic)) return ImageFormats.Jpeg;
        if (head.StartsWith(PngMagic)) return ImageFormats.Png;
        if (IsWebp(head)) return ImageFormats.Webp;
        if (IsAvif(head)) return ImageFormats.Avif;
        if (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8)) return ImageFormats.Tiff;
        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8)) return ImageFormats.Gif;
        if (IsHeic(head)) return ImageFormats.Heic;
        return null;
    }

    // RIFF container: "RIFF", a 4-byte little-endian size, then the form type "WEBP".
    private static bool IsWebp(ReadOnlySpan<byte> head) =>
        head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8);

    // ISO-BMFF starts with an ftyp box: 4-byte big-endian size, "ftyp", major brand, minor version, then
    // compatible brands to the end of the box. HEIC shares the container, so the brand decides: only "avif"
    // (still image) or "avis" (image sequence) make it AVIF. A box longer than the head is scanned as far as
    // the head goes.
    private static bool IsAvif(ReadOnlySpan<byte> head)
    {
        if (head.Length < 16 || !head[4..8].SequenceEqual("ftyp"u8)) return false;
        var boxSize = BinaryPrimitives.ReadUInt32BigEndian(head);
        if (boxSize < 16 || boxSize % 4 != 0) return false;
        var end = (int)Math.Min(boxSize, (uint)head.Length);
        if (IsAvifBrand(head[8..12])) return true;
        for (var offset = 16; offset + 4 <= end; offset += 4)
        {
            if (IsAvifBrand(head.Slice(offset, 4))) return true;
        }
        return false;
    }

    // HEIC: an ftyp that is not AVIF (checked first) with an HEVC or generic HEIF brand, as iPhones write
    // ("heic" major, "mif1 heic" compatible).
    private static bool IsHeic(ReadOnlySpan<byte> head)
    {
        if (head.Length < 16 || !head[4..8].SequenceEqual("ftyp"u8)) return false;
        var end = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(head), (uint)head.Length);
        if (IsHeicBrand(head[8..12])) return true;
        for (var offset = 16; offset + 4 <= end; offset += 4)
        {
            if (IsHeicBrand(head.Slice(offset, 4))) return true;
        }
        return false;
    }

    private static bool IsHeicBrand(ReadOnlySpan<byte> brand) =>
        brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) || brand.SequenceEqual("heim"u8) || brand.SequenceEqual("heis"u8)
        || brand.SequenceEqual("hevc"u8) || brand.SequenceEqual("hevx"u8) || brand.SequenceEqual("mif1"u8) || brand.SequenceEqual("msf1"u8);

    private static bool IsAvifBrand(ReadOnlySpan<byte> brand) => brand.SequenceEqual("avif"u8) || brand.SequenceEqual("avis"u8);
}
