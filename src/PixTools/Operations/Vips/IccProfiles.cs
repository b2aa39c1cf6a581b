using System.Buffers.Binary;
using System.Text;

namespace PixTools.Operations.Vips;

/// <summary>
/// Just enough ICC parsing to decide whether an embedded profile needs a conversion to sRGB: its colour space
/// and its description. Transforming every image "to be safe" made conversions 5–15× slower (docs/engine-notes.md).
/// </summary>
internal static class IccProfiles
{
    /// <summary>
    /// True when <paramref name="profile"/> describes pixels that read correctly as sRGB once the profile is
    /// dropped: an sRGB profile (by its description, which every sRGB variant names) or a grey one, whose
    /// pixels stay grey. Unreadable profiles count as not sRGB, so they are colour-managed by libvips.
    /// </summary>
    public static bool IsSrgbCompatible(ReadOnlySpan<byte> profile)
    {
        if (profile.Length < 132) return false;
        var colourSpace = profile.Slice(16, 4);
        if (colourSpace.SequenceEqual("GRAY"u8)) return true;
        if (!colourSpace.SequenceEqual("RGB "u8)) return false;
        return Description(profile)?.Contains("sRGB", StringComparison.OrdinalIgnoreCase) ?? false;
    }

    /// <summary>Whether <paramref name="profile"/> describes pixels of <paramref name="colourBands"/> bands: GRAY 1, RGB 3.</summary>
    public static bool Fits(ReadOnlySpan<byte> profile, int colourBands)
    {
        if (profile.Length < 132) return false;
        var colourSpace = profile.Slice(16, 4);
        return colourBands == 1 ? colourSpace.SequenceEqual("GRAY"u8) : colourBands == 3 && colourSpace.SequenceEqual("RGB "u8);
    }

    // The tag table follows the 128-byte header: a count, then (signature, offset, size) triples.
    private static string? Description(ReadOnlySpan<byte> profile)
    {
        var count = BinaryPrimitives.ReadUInt32BigEndian(profile.Slice(128, 4));
        for (var i = 0; i < count && 132 + (i + 1) * 12 <= profile.Length; i++)
        {
            var entry = profile.Slice(132 + i * 12, 12);
            if (!entry[..4].SequenceEqual("desc"u8)) continue;
            var offset = BinaryPrimitives.ReadUInt32BigEndian(entry.Slice(4, 4));
            var size = BinaryPrimitives.ReadUInt32BigEndian(entry.Slice(8, 4));
            if (offset + (long)size > profile.Length || size < 12) return null;
            return ReadText(profile.Slice((int)offset, (int)size));
        }
        return null;
    }

    // ICC v2 "desc": ASCII count at 8, text at 12. ICC v4 "mluc": records from 16, each (language, country,
    // length, offset) pointing at UTF-16BE text; the first record is enough to recognise "sRGB".
    private static string? ReadText(ReadOnlySpan<byte> tag)
    {
        if (tag[..4].SequenceEqual("desc"u8))
        {
            var length = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(tag.Slice(8, 4)), (uint)(tag.Length - 12));
            return Encoding.ASCII.GetString(tag.Slice(12, length)).TrimEnd('\0');
        }
        if (tag[..4].SequenceEqual("mluc"u8) && tag.Length >= 28)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(tag.Slice(20, 4));
            var offset = BinaryPrimitives.ReadUInt32BigEndian(tag.Slice(24, 4));
            if (offset + (long)length > tag.Length) return null;
            return Encoding.BigEndianUnicode.GetString(tag.Slice((int)offset, (int)length));
        }
        return null;
    }
}
