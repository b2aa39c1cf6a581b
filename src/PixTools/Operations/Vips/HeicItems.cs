using System.Buffers.Binary;

namespace PixTools.Operations.Vips;

/// <summary>
/// Prepares a HEIC for <c>heif-convert</c> by patching a copy in place (no box changes size):
/// <list type="bullet">
/// <item>Every item but the primary image is marked hidden. heif-convert writes every top-level image of the file (a
/// burst, an image sequence stored as items, or a file built to hold hundreds: 40 pictures of 6 megapixels fit in
/// 750 KB and kept a worker busy for the whole 30 s decode limit), and libheif counts as top-level every image item
/// not flagged hidden (ISO/IEC 14496-12 §8.11.6: bit 0 of an item info entry's flags). Hidden items are still read
/// where the primary image refers to them (grid tiles, its alpha plane), so the primary decodes as before.</item>
/// <item>Its ICC profiles are taken out (each <c>colr</c> property of an ICC type becomes a <c>free</c> box, no longer
/// essential) and the primary image's is returned, to be put back beside the decoded pixels. heif-convert hands the
/// profile to libpng, which refuses to write some (an old, widespread sRGB profile is "known incorrect"): it then
/// wrote an empty file and exited 0. The profile describes the pixels and is not applied by the decoder, so the
/// pixels are the same either way.</item>
/// </list>
/// </summary>
internal static class HeicItems
{
    /// <summary>
    /// The copy heif-convert reads, and the primary image's ICC profile (null where it has none). Bytes whose boxes
    /// cannot be read come back unchanged, for the decoder to refuse in its own words.
    /// </summary>
    public static (byte[] File, byte[]? Profile) Prepare(byte[] heic)
    {
        var copy = (byte[])heic.Clone();
        if (Find(copy, 0, copy.Length, "meta"u8) is not { } meta) return (copy, null);
        // meta, pitm, iinf, infe and ipma are full boxes: a version byte and three bytes of flags before their fields.
        var children = meta.Start + 4;
        if (Find(copy, children, meta.End, "pitm"u8) is not { } pitm) return (copy, null);
        var wide = copy[pitm.Start] != 0;
        if (pitm.End - pitm.Start < (wide ? 8 : 6)) return (copy, null);
        var primary = wide ? BinaryPrimitives.ReadUInt32BigEndian(copy.AsSpan(pitm.Start + 4)) : BinaryPrimitives.ReadUInt16BigEndian(copy.AsSpan(pitm.Start + 4));
        if (Find(copy, children, meta.End, "iinf"u8) is { } iinf) HideAllBut(copy, iinf, primary);
        var profile = Find(copy, children, meta.End, "iprp"u8) is { } iprp ? TakeProfiles(copy, iprp, primary) : null;
        return (copy, profile);
    }

    private static void HideAllBut(byte[] file, Box iinf, uint primary)
    {
        var entries = iinf.Start + 4 + (file[iinf.Start] == 0 ? 2 : 4);
        foreach (var infe in Children(file, entries, iinf.End))
        {
            // Versions 2 and 3 name an item by a 16- or 32-bit id; 0 and 1 predate item types and are left alone.
            var version = file[infe.Start];
            if (!infe.Is(file, "infe"u8) || version < 2 || infe.End - infe.Start < 10) continue;
            var id = version == 2 ? BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(infe.Start + 4)) : BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(infe.Start + 4));
            if (id != primary) file[infe.Start + 3] |= 1;
        }
    }

    /// <summary>Turns every ICC <c>colr</c> property into a non-essential <c>free</c> box; returns the primary image's profile.</summary>
    private static byte[]? TakeProfiles(byte[] file, Box iprp, uint primary)
    {
        if (Find(file, iprp.Start, iprp.End, "ipco"u8) is not { } ipco) return null;
        // Properties are numbered from 1 in their order in ipco (ISO/IEC 23008-12 §9.3).
        var profiles = new Dictionary<int, byte[]>();
        var index = 0;
        foreach (var property in Children(file, ipco.Start, ipco.End))
        {
            index++;
            if (!property.Is(file, "colr"u8) || property.End - property.Start < 4) continue;
            var type = file.AsSpan(property.Start, 4);
            if (!type.SequenceEqual("prof"u8) && !type.SequenceEqual("rICC"u8)) continue;
            profiles[index] = file[(property.Start + 4)..property.End];
            "free"u8.CopyTo(file.AsSpan(property.At + 4));
        }
        if (profiles.Count == 0) return null;
        byte[]? primaryProfile = null;
        foreach (var ipma in Children(file, iprp.Start, iprp.End).Where(box => box.Is(file, "ipma"u8)))
        {
            primaryProfile ??= Unmark(file, ipma, profiles, primary);
        }
        return primaryProfile;
    }

    /// <summary>Clears the essential bit of every association with a taken profile; returns the primary's profile.</summary>
    private static byte[]? Unmark(byte[] file, Box ipma, Dictionary<int, byte[]> profiles, uint primary)
    {
        if (ipma.End - ipma.Start < 8) return null;
        var version = file[ipma.Start];
        var wideIndex = (file[ipma.Start + 3] & 1) != 0;
        var count = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(ipma.Start + 4));
        var at = ipma.Start + 8;
        byte[]? found = null;
        for (var entry = 0u; entry < count; entry++)
        {
            var idSize = version < 1 ? 2 : 4;
            if (at + idSize + 1 > ipma.End) break;
            var id = version < 1 ? BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(at)) : BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at));
            int associations = file[at + idSize];
            at += idSize + 1;
            for (var i = 0; i < associations; i++)
            {
                if (at + (wideIndex ? 2 : 1) > ipma.End) return found;
                // The top bit is "essential"; the rest is the property's index (7 or 15 bits).
                var property = wideIndex ? BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(at)) & 0x7FFF : file[at] & 0x7F;
                if (profiles.TryGetValue(property, out var profile))
                {
                    file[at] &= 0x7F;
                    if (id == primary) found ??= profile;
                }
                at += wideIndex ? 2 : 1;
            }
        }
        return found;
    }

    /// <summary>A box: where its header starts, its whole size, and where its content starts and ends.</summary>
    private readonly record struct Box(int At, int Size, int Start, int End)
    {
        public bool Is(byte[] file, ReadOnlySpan<byte> type) => file.AsSpan(At + 4, 4).SequenceEqual(type);
    }

    private static Box? Find(byte[] file, int from, int end, ReadOnlySpan<byte> type)
    {
        foreach (var box in Children(file, from, end))
        {
            if (box.Is(file, type)) return box;
        }
        return null;
    }

    /// <summary>The boxes one after the other from <paramref name="from"/>, up to the first that does not fit before <paramref name="end"/>.</summary>
    private static IEnumerable<Box> Children(byte[] file, int from, int end)
    {
        for (var box = Next(file, from, end); box is { } found; box = Next(file, found.At + found.Size, end)) yield return found;
    }

    private static Box? Next(byte[] file, int at, int end)
    {
        if (at < 0 || at + 8 > end) return null;
        long size = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at));
        var header = 8;
        if (size == 1)
        {
            if (at + 16 > end) return null;
            size = (long)BinaryPrimitives.ReadUInt64BigEndian(file.AsSpan(at + 8));
            header = 16;
        }
        else if (size == 0)
        {
            size = end - at;
        }
        if (size < header || size > end - at) return null;
        return new Box(at, (int)size, at + header, at + (int)size);
    }
}
