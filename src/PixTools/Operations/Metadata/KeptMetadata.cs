using NetVips;

namespace PixTools.Operations.Metadata;

/// <summary>
/// Puts on a finished image only the metadata an output keeps (<c>keep_metadata</c>), and says which kinds the
/// saver may write. Everything else is stripped: a field not named is not written, and GPS only when named.
/// <list type="bullet">
/// <item><c>icc</c>: the source's profile (the pixels were left in its colour space, not converted to sRGB).</item>
/// <item><c>copyright</c>: EXIF Artist and Copyright, and the XMP rights statements (<see cref="XmpRights"/>).</item>
/// <item><c>gps</c>: the EXIF GPS block.</item>
/// </list>
/// EXIF is rebuilt from the source's own block by <see cref="ExifSubset"/> (only those tags, in the source's byte order).
/// </summary>
internal static class KeptMetadata
{
    /// <summary>
    /// A copy of <paramref name="image"/> carrying only the kept metadata, and the saver's keep flags.
    /// <paramref name="icc"/> is the profile to keep (null: none), <paramref name="source"/> the original upload,
    /// read for its EXIF and XMP.
    /// </summary>
    public static (Image Image, Enums.ForeignKeep Keep) Apply(Image image, MetadataKeep keep, byte[]? icc, byte[] source)
    {
        var flags = Enums.ForeignKeep.None;
        byte[]? exif = null, xmp = null;
        if ((keep & (MetadataKeep.Copyright | MetadataKeep.Gps)) != 0)
        {
            var original = SourceBlobs(source);
            exif = original.Exif is null ? null : ExifSubset.Build(original.Exif, keep.HasFlag(MetadataKeep.Copyright), keep.HasFlag(MetadataKeep.Gps));
            xmp = keep.HasFlag(MetadataKeep.Copyright) && original.Xmp is not null ? XmpRights.Build(original.Xmp) : null;
        }

        var result = image.Mutate(m =>
        {
            foreach (var field in m.GetFields())
            {
                if (field.StartsWith("exif-", StringComparison.Ordinal) || field is "xmp-data" or "iptc-data" or "icc-profile-data"
                    or "jpeg-thumbnail-data" or "orientation")
                {
                    m.Remove(field);
                }
            }
            if (icc is not null) m.Set(GValue.BlobType, "icc-profile-data", icc);
            if (exif is not null) m.Set(GValue.BlobType, "exif-data", exif);
            if (xmp is not null) m.Set(GValue.BlobType, "xmp-data", xmp);
        });
        if (icc is not null) flags |= Enums.ForeignKeep.Icc;
        if (exif is not null) flags |= Enums.ForeignKeep.Exif;
        if (xmp is not null) flags |= Enums.ForeignKeep.Xmp;
        return (result, flags);
    }

    /// <summary>The source's raw EXIF and XMP blocks as its loader reads them (header only, no pixels decoded).</summary>
    private static (byte[]? Exif, byte[]? Xmp) SourceBlobs(byte[] source)
    {
        using var header = Image.NewFromBuffer(source, access: Enums.Access.Sequential);
        var exif = header.Contains("exif-data") ? (byte[])header.Get("exif-data") : null;
        var xmp = header.Contains("xmp-data") ? (byte[])header.Get("xmp-data") : null;
        return (exif, xmp);
    }
}
