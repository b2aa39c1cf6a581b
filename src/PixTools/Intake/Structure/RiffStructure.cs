using System.Buffers.Binary;
using System.Text;

namespace PixTools.Intake.Structure;

/// <summary>
/// Walks a WebP's RIFF chunks (RFC 9649): the RIFF size must fit the file and every chunk the RIFF; ICCP, EXIF and
/// XMP chunks count against the metadata budget. Animation frames (ANMF) are counted by the pixel guard.
/// </summary>
internal static class RiffStructure
{
    private const string Name = "webp";

    public static Problem? Check(ReadOnlySpan<byte> file, MetadataBudget budget)
    {
        var riffSize = BinaryPrimitives.ReadUInt32LittleEndian(file[4..]);
        if (riffSize < 4 || riffSize + 8L > file.Length) return StructureScan.Damaged(Name, "it is shorter than its RIFF header says (the file is truncated)");
        if (riffSize % 2 != 0) return StructureScan.Damaged(Name, "its RIFF size is odd");
        var end = (int)riffSize + 8;
        var offset = 12;
        var chunks = 0;
        while (offset < end)
        {
            if (offset + 8 > end) return StructureScan.Damaged(Name, "its last chunk is cut short (the file is truncated)");
            var type = Encoding.ASCII.GetString(file.Slice(offset, 4));
            var size = BinaryPrimitives.ReadUInt32LittleEndian(file[(offset + 4)..]);
            var padded = size + (size & 1);
            if (offset + 8L + padded > end) return StructureScan.Damaged(Name, $"its {Printable(type)} chunk runs past the end of the file (the file is truncated or damaged)");
            if (type is "ICCP" or "EXIF" or "XMP " && budget.Add(type.Trim(), size) is { } problem) return problem;
            if (++chunks == 1 && type is not ("VP8 " or "VP8L" or "VP8X")) return StructureScan.Damaged(Name, "its first chunk is not VP8, VP8L or VP8X");
            offset += 8 + (int)padded;
        }
        return null;
    }

    private static string Printable(string type) => type.All(c => char.IsAsciiLetterOrDigit(c) || c == ' ') ? type.Trim() : "unnamed";
}
