namespace PixTools.Intake.Structure;

/// <summary>
/// Walks a GIF's blocks (GIF89a §17–27): every image descriptor and extension with its data sub-blocks must fit in
/// the file, and comment and application extensions (XMP, ICC) count against the metadata budget. A file that ends
/// cleanly between blocks without the trailer is accepted, as browsers do; one that ends inside a block is not.
/// </summary>
internal static class GifStructure
{
    private const string Name = "gif";

    public static Problem? Check(ReadOnlySpan<byte> file, MetadataBudget budget)
    {
        if (file.Length < 13) return StructureScan.Damaged(Name, "it is too short to be a GIF");
        var offset = 13 + ColourTableBytes(file[10]);
        var images = 0;
        while (offset < file.Length)
        {
            var introducer = file[offset++];
            if (introducer == 0x3B) break; // trailer
            if (introducer == 0x21)
            {
                if (offset >= file.Length) return Truncated();
                var label = file[offset++];
                var size = SubBlocks(file, ref offset);
                if (size < 0) return Truncated();
                if (label is 0xFE or 0xFF && budget.Add(label == 0xFE ? "comment" : "application", size) is { } problem) return problem;
            }
            else if (introducer == 0x2C)
            {
                if (offset + 9 > file.Length) return Truncated();
                var packed = file[offset + 8];
                offset += 9 + ((packed & 0x80) != 0 ? 3 << ((packed & 7) + 1) : 0);
                offset++; // LZW minimum code size
                if (offset > file.Length || SubBlocks(file, ref offset) < 0) return Truncated();
                images++;
            }
            else
            {
                return StructureScan.Damaged(Name, $"it has an unknown block 0x{introducer:X2} (the file is damaged)");
            }
        }
        return images == 0 ? StructureScan.Damaged(Name, "it holds no image") : null;
    }

    private static int ColourTableBytes(byte packed) => (packed & 0x80) != 0 ? 3 << ((packed & 7) + 1) : 0;

    /// <summary>Skips a run of data sub-blocks up to its zero terminator; their total size, or -1 when the file ends first.</summary>
    private static long SubBlocks(ReadOnlySpan<byte> file, ref int offset)
    {
        long total = 0;
        while (true)
        {
            if (offset >= file.Length) return -1;
            var size = file[offset++];
            if (size == 0) return total;
            if (offset + size > file.Length) return -1;
            offset += size;
            total += size;
        }
    }

    private static Problem Truncated() => StructureScan.Damaged(Name, "it ends inside a block (the file is truncated)");
}
