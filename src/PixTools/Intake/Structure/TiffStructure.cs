using System.Buffers.Binary;

namespace PixTools.Intake.Structure;

/// <summary>
/// Walks a classic TIFF's image file directories (TIFF 6.0 §2): every directory and every value it points at must lie
/// inside the file, the chain must not loop, and the metadata tags (XMP, ICC, IPTC, Photoshop) count against the
/// metadata budget. BigTIFF is left to libtiff's own checks.
/// </summary>
internal static class TiffStructure
{
    private const string Name = "tiff";
    // Bytes per value of each TIFF field type 1..13 (0 = unknown type).
    private static readonly int[] TypeSizes = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4];

    /// <summary>Checks the file; more than <paramref name="maxPages"/> directories (pages) is refused as a 422.</summary>
    public static Problem? Check(ReadOnlySpan<byte> file, MetadataBudget budget, int maxPages)
    {
        if (file.Length < 8) return StructureScan.Damaged(Name, "it is too short to be a TIFF");
        var little = file[0] == (byte)'I';
        var version = U16(file, 2, little);
        if (version == 43) return null; // BigTIFF
        if (version != 42) return StructureScan.Damaged(Name, "its header is not a TIFF header");
        var seen = new HashSet<uint>();
        var next = U32(file, 4, little);
        while (next != 0)
        {
            if (!seen.Add(next)) return StructureScan.Damaged(Name, "its directories form a loop (the file is damaged)");
            // Only the first page is read, but libtiff walks every directory to count them: a 9 MB file holds 1.5 million.
            if (seen.Count > maxPages)
                return Problem.Unprocessable($"This TIFF has more than {maxPages:N0} pages; the limit is {maxPages:N0}. Only its first page is read: send that page alone.");
            if (next + 2L > file.Length) return StructureScan.Damaged(Name, "a directory points past the end of the file (the file is truncated or damaged)");
            var count = U16(file, (int)next, little);
            var entries = (int)next + 2;
            if (entries + count * 12L + 4 > file.Length) return StructureScan.Damaged(Name, "a directory runs past the end of the file (the file is truncated or damaged)");
            for (var i = 0; i < count; i++)
            {
                if (Entry(file, entries + i * 12, little, budget) is { } problem) return problem;
            }
            next = U32(file, entries + count * 12, little);
        }
        return seen.Count == 0 ? StructureScan.Damaged(Name, "it has no image directory") : null;
    }

    private static Problem? Entry(ReadOnlySpan<byte> file, int at, bool little, MetadataBudget budget)
    {
        var tag = U16(file, at, little);
        var type = U16(file, at + 2, little);
        var count = U32(file, at + 4, little);
        var bytes = type < TypeSizes.Length ? (long)count * TypeSizes[type] : 0;
        if (bytes > 4)
        {
            var offset = U32(file, at + 8, little);
            if (offset + bytes > file.Length) return StructureScan.Damaged(Name, $"the value of its tag {tag} lies past the end of the file (the file is truncated or damaged)");
        }
        return tag switch
        {
            700 => budget.Add("XMP", bytes),
            33723 => budget.Add("IPTC", bytes),
            34377 => budget.Add("Photoshop", bytes),
            34675 => budget.Add("ICC", bytes),
            _ => null,
        };
    }

    private static ushort U16(ReadOnlySpan<byte> file, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(file[at..]) : BinaryPrimitives.ReadUInt16BigEndian(file[at..]);

    private static uint U32(ReadOnlySpan<byte> file, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(file[at..]) : BinaryPrimitives.ReadUInt32BigEndian(file[at..]);
}
