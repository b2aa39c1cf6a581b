using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace PixTools.Intake.Structure;

/// <summary>
/// Walks a PNG's chunks (PNG spec, 3rd edition, §5): each must fit in the file and match its CRC-32, IHDR first, IEND
/// last. Text chunks (tEXt, zTXt, iTXt), the ICC profile (iCCP) and EXIF (eXIf) count against the metadata budget,
/// zTXt, compressed iTXt and iCCP at their inflated size: a 30 KB zTXt that inflates to 1 GB is refused after
/// inflating no more than the budget.
/// </summary>
internal static class PngStructure
{
    private const string Name = "png";
    private const int SignatureLength = 8;

    public static Problem? Check(ReadOnlySpan<byte> file, MetadataBudget budget)
    {
        var offset = SignatureLength;
        var first = true;
        while (true)
        {
            if (offset + 12 > file.Length) return StructureScan.Damaged(Name, "it ends before its IEND chunk (the file is truncated)");
            var length = BinaryPrimitives.ReadUInt32BigEndian(file[offset..]);
            var type = file.Slice(offset + 4, 4);
            var typeName = Encoding.ASCII.GetString(type);
            if (length > int.MaxValue || offset + 12L + length > file.Length)
            {
                return StructureScan.Damaged(Name, $"its {Printable(typeName)} chunk runs past the end of the file (the file is truncated or damaged)");
            }
            var data = file.Slice(offset + 8, (int)length);
            var stored = BinaryPrimitives.ReadUInt32BigEndian(file[(offset + 8 + (int)length)..]);
            if (Crc32Of(type, data) != stored)
            {
                return StructureScan.Damaged(Name, $"the checksum of its {Printable(typeName)} chunk does not match its data (the file is damaged)");
            }
            if (first && (typeName != "IHDR" || length != 13)) return StructureScan.Damaged(Name, "it does not start with an IHDR chunk");
            first = false;
            if (typeName == "IEND") return null;
            if (Metadata(typeName, data, budget) is { } problem) return problem;
            offset += 12 + (int)length;
        }
    }

    private static Problem? Metadata(string type, ReadOnlySpan<byte> data, MetadataBudget budget) => type switch
    {
        "tEXt" or "eXIf" => budget.Add(type, data.Length),
        "zTXt" => Compressed(type, data, AfterKeyword(data) + 1, budget),
        "iCCP" => Compressed(type, data, AfterKeyword(data) + 1, budget),
        "iTXt" => InternationalText(data, budget),
        _ => null,
    };

    // iTXt: keyword, 0, compression flag, method, language tag, 0, translated keyword, 0, text (zlib when the flag is 1).
    private static Problem? InternationalText(ReadOnlySpan<byte> data, MetadataBudget budget)
    {
        var flag = AfterKeyword(data);
        if (flag < 0 || flag + 2 > data.Length) return StructureScan.Damaged(Name, "its iTXt chunk is malformed");
        if (data[flag] == 0) return budget.Add("iTXt", data.Length);
        var language = data[(flag + 2)..].IndexOf((byte)0);
        var translated = language < 0 ? -1 : data[(flag + 3 + language)..].IndexOf((byte)0);
        if (translated < 0) return StructureScan.Damaged(Name, "its iTXt chunk is malformed");
        return Compressed("iTXt", data, flag + 3 + language + translated + 1, budget);
    }

    /// <summary>The index just past the keyword's terminating zero, or -1 when there is none.</summary>
    private static int AfterKeyword(ReadOnlySpan<byte> data)
    {
        var zero = data[..Math.Min(data.Length, 80)].IndexOf((byte)0);
        return zero < 0 ? -1 : zero + 1;
    }

    /// <summary>Inflates the zlib stream at <paramref name="start"/> into nothing, stopping as soon as it passes the budget.</summary>
    private static Problem? Compressed(string type, ReadOnlySpan<byte> data, int start, MetadataBudget budget)
    {
        if (start <= 0 || start > data.Length) return StructureScan.Damaged(Name, $"its {type} chunk is malformed");
        var inflated = InflatedSize(data[start..].ToArray(), budget.Remaining);
        if (inflated is null) return StructureScan.Damaged(Name, $"the compressed data of its {type} chunk is corrupt");
        if (inflated > budget.Remaining) return budget.OverBudget(type);
        return budget.Add(type, inflated.Value);
    }

    /// <summary>How many bytes the zlib stream inflates to, at most <paramref name="cap"/> + 1; null when it is corrupt.</summary>
    internal static long? InflatedSize(byte[] compressed, long cap)
    {
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(compressed, writable: false), CompressionMode.Decompress);
            var sink = new byte[64 * 1024];
            long total = 0;
            int read;
            while ((read = zlib.Read(sink)) > 0)
            {
                total += read;
                if (total > cap) return total;
            }
            return total;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static uint Crc32Of(ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        var crc = new Crc32();
        crc.Append(type);
        crc.Append(data);
        return crc.GetCurrentHashAsUInt32();
    }

    private static string Printable(string type) => type.All(char.IsAsciiLetter) ? type : "unnamed";
}
