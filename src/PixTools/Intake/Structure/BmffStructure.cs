using System.Buffers.Binary;

namespace PixTools.Intake.Structure;

/// <summary>
/// Walks the top-level boxes of an ISO-BMFF file (AVIF, HEIC; ISO/IEC 14496-12 §4.2): every box must fit in the
/// file, so a size that points past the end is refused before libheif parses it. The metadata items (EXIF, XMP) are
/// stored uncompressed inside the file and so are bounded by its size.
/// </summary>
internal static class BmffStructure
{
    public static Problem? Check(ReadOnlySpan<byte> file, string name)
    {
        long offset = 0;
        var boxes = 0;
        while (offset < file.Length)
        {
            if (offset + 8 > file.Length) return StructureScan.Damaged(name, "its last box is cut short (the file is truncated)");
            long size = BinaryPrimitives.ReadUInt32BigEndian(file[(int)offset..]);
            var header = 8;
            if (size == 1)
            {
                if (offset + 16 > file.Length) return StructureScan.Damaged(name, "its last box is cut short (the file is truncated)");
                var large = BinaryPrimitives.ReadUInt64BigEndian(file[(int)(offset + 8)..]);
                size = large > long.MaxValue ? -1 : (long)large;
                header = 16;
            }
            else if (size == 0)
            {
                size = file.Length - offset; // the last box runs to the end of the file
            }
            if (size < header || offset + size > file.Length)
            {
                return StructureScan.Damaged(name, "one of its boxes runs past the end of the file (the file is truncated or damaged)");
            }
            if (++boxes > 10_000) return StructureScan.Damaged(name, "it has more top-level boxes than an image file has");
            offset += size;
        }
        return null;
    }
}
