using System.Buffers.Binary;

namespace PixTools.Intake;

/// <summary>
/// The size of a HEIC's largest image from its <c>ispe</c> (image spatial extents) properties, read from the bytes:
/// the HEVC decoder runs in a separate process at conversion time, and libvips' HEIF loader here has none.
/// </summary>
public static class HeicHeader
{
    /// <summary>The largest <c>ispe</c> width × height (the primary image; thumbnails are smaller), or null when none.</summary>
    public static ImageHeader? Read(ReadOnlySpan<byte> file)
    {
        ImageHeader? largest = null;
        var at = 0;
        while (at < file.Length)
        {
            var found = file[at..].IndexOf("ispe"u8);
            if (found < 0) break;
            var box = at + found - 4; // size (4), "ispe", version and flags (4), width (4), height (4)
            at += found + 4;
            if (box < 0 || box + 20 > file.Length || BinaryPrimitives.ReadUInt32BigEndian(file[box..]) != 20) continue;
            var width = BinaryPrimitives.ReadUInt32BigEndian(file[(box + 12)..]);
            var height = BinaryPrimitives.ReadUInt32BigEndian(file[(box + 16)..]);
            if (width is 0 or > int.MaxValue || height is 0 or > int.MaxValue) continue;
            var header = new ImageHeader((int)width, (int)height, QuarterTurn: null);
            if (largest is null || header.Pixels > largest.Pixels) largest = header;
        }
        return largest;
    }
}
