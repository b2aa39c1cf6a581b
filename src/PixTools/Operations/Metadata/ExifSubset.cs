using System.Buffers.Binary;

namespace PixTools.Operations.Metadata;

/// <summary>
/// Builds a new EXIF block holding only some tags of a source's block: IFD0's Artist (0x013B) and Copyright (0x8298),
/// and/or the GPS IFD (pointer 0x8825) with every entry it has. The values are copied as stored, in the source's byte
/// order, so nothing is re-encoded; entries whose data would lie outside the block are left out.
/// </summary>
internal static class ExifSubset
{
    private const ushort Artist = 0x013B;
    private const ushort Copyright = 0x8298;
    private const ushort GpsPointer = 0x8825;
    private static readonly byte[] ExifHeader = "Exif\0\0"u8.ToArray();
    private static readonly int[] TypeSizes = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8];

    private sealed record Entry(ushort Tag, ushort Type, uint Count, byte[] Value);

    /// <summary>The new block (with the <c>Exif\0\0</c> prefix libvips uses), or null when none of the asked tags is there.</summary>
    public static byte[]? Build(byte[] block, bool copyright, bool gps)
    {
        var tiff = block.AsSpan().StartsWith(ExifHeader) ? block.AsSpan(ExifHeader.Length) : block.AsSpan();
        if (tiff.Length < 8) return null;
        var little = tiff[0] == (byte)'I';
        if (!little && tiff[0] != (byte)'M') return null;
        var ifd0 = ReadEntries(tiff, U32(tiff, 4, little), little);
        if (ifd0 is null) return null;

        var kept = copyright ? ifd0.Where(e => e.Tag is Artist or Copyright).ToList() : [];
        List<Entry>? gpsEntries = null;
        if (gps && ifd0.FirstOrDefault(e => e.Tag == GpsPointer) is { } pointer)
        {
            gpsEntries = ReadEntries(tiff, U32(pointer.Value, 0, little), little);
            if (gpsEntries is { Count: 0 }) gpsEntries = null;
        }
        if (kept.Count == 0 && gpsEntries is null) return null;
        return Write(kept, gpsEntries, little);
    }

    private static List<Entry>? ReadEntries(ReadOnlySpan<byte> tiff, uint offset, bool little)
    {
        if (offset < 8 || offset + 2L > tiff.Length) return null;
        var count = U16(tiff, (int)offset, little);
        var entries = new List<Entry>();
        for (var i = 0; i < count; i++)
        {
            var at = (int)offset + 2 + i * 12;
            if (at + 12 > tiff.Length) break;
            var type = U16(tiff, at + 2, little);
            var valueCount = U32(tiff, at + 4, little);
            if (type == 0 || type >= TypeSizes.Length) continue;
            var size = (long)TypeSizes[type] * valueCount;
            if (size > 65536) continue;
            ReadOnlySpan<byte> value;
            if (size <= 4) value = tiff.Slice(at + 8, (int)size);
            else
            {
                var valueOffset = U32(tiff, at + 8, little);
                if (valueOffset + size > tiff.Length) continue;
                value = tiff.Slice((int)valueOffset, (int)size);
            }
            entries.Add(new Entry(U16(tiff, at, little), type, valueCount, value.ToArray()));
        }
        return entries;
    }

    // Layout: header (8), IFD0, its data, then the GPS IFD and its data; every IFD ends with a zero next-IFD offset.
    private static byte[] Write(List<Entry> ifd0, List<Entry>? gps, bool little)
    {
        var first = ifd0.ToList();
        if (gps is not null) first.Add(new Entry(GpsPointer, 4, 1, new byte[4])); // LONG, patched below
        first.Sort((a, b) => a.Tag.CompareTo(b.Tag));
        using var output = new MemoryStream();
        output.Write(little ? "II*\0"u8 : "MM\0*"u8);
        output.Write(Bytes32(8, little));
        var gpsPointerAt = WriteIfd(output, first, little, GpsPointer);
        if (gps is not null)
        {
            var gpsOffset = (uint)output.Length;
            WriteIfd(output, gps.OrderBy(e => e.Tag).ToList(), little, null);
            output.Position = gpsPointerAt;
            output.Write(Bytes32(gpsOffset, little));
        }
        return [.. ExifHeader, .. output.ToArray()];
    }

    /// <summary>Writes an IFD at the stream's end; returns where the value field of <paramref name="watch"/> lies.</summary>
    private static long WriteIfd(MemoryStream output, List<Entry> entries, bool little, ushort? watch)
    {
        var start = output.Length;
        var dataAt = start + 2 + entries.Count * 12 + 4;
        var data = new MemoryStream();
        long watched = -1;
        output.Write(Bytes16((ushort)entries.Count, little));
        foreach (var entry in entries)
        {
            output.Write(Bytes16(entry.Tag, little));
            output.Write(Bytes16(entry.Type, little));
            output.Write(Bytes32(entry.Count, little));
            if (entry.Tag == watch) watched = output.Position;
            if (entry.Value.Length <= 4)
            {
                var inline = new byte[4];
                entry.Value.CopyTo(inline, 0);
                output.Write(inline);
            }
            else
            {
                output.Write(Bytes32((uint)(dataAt + data.Length), little));
                data.Write(entry.Value);
                if (data.Length % 2 == 1) data.WriteByte(0); // values start on a word boundary
            }
        }
        output.Write(Bytes32(0, little));
        data.Position = 0;
        data.CopyTo(output);
        return watched;
    }

    private static ushort U16(ReadOnlySpan<byte> b, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(b[at..]) : BinaryPrimitives.ReadUInt16BigEndian(b[at..]);

    private static uint U32(ReadOnlySpan<byte> b, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(b[at..]) : BinaryPrimitives.ReadUInt32BigEndian(b[at..]);

    private static byte[] Bytes16(ushort v, bool little)
    {
        var b = new byte[2];
        if (little) BinaryPrimitives.WriteUInt16LittleEndian(b, v); else BinaryPrimitives.WriteUInt16BigEndian(b, v);
        return b;
    }

    private static byte[] Bytes32(uint v, bool little)
    {
        var b = new byte[4];
        if (little) BinaryPrimitives.WriteUInt32LittleEndian(b, v); else BinaryPrimitives.WriteUInt32BigEndian(b, v);
        return b;
    }
}
