using NetVips;

namespace PixTools.Operations.Vips;

/// <summary>
/// Finds grey pictures stored as colour (every pixel's red, green and blue equal, as in a black-and-white photo saved
/// as RGB) so that a lossless encoder can write one grey band instead of three identical ones, as ImageMagick does.
/// The pixels written are exactly the same; only the file's colour type changes. A decoding pipeline can be read only
/// once, so a caller checks the encoded source first (<see cref="MayBeGrey"/>) and holds only a likely-grey picture in
/// memory for the exact check (<see cref="TryGrey"/>).
/// </summary>
internal static class GreyBands
{
    /// <summary>Rows checked first: a colour picture almost always shows colour in them.</summary>
    private const int StripRows = 64;

    /// <summary>Side of the thumbnail <see cref="MayBeGrey"/> decodes.</summary>
    private const int ProbeSide = 64;

    /// <summary>
    /// A cheap first look at an encoded source: false when a small thumbnail of it (decoded with shrink-on-load where
    /// the format allows, a few milliseconds) already shows colour, or when it cannot be read (the real decode reports
    /// why); true for a grey file (one band, or grey + alpha) and for a colour file whose thumbnail is grey. Resampling
    /// treats every band alike, so a picture whose colour bands are equal has an equal-band thumbnail: false is certain,
    /// true means "check the decoded pixels" (a grey file is usually decoded as grey, but a profile conversion or a
    /// caller may have made it colour).
    /// </summary>
    public static bool MayBeGrey(byte[] source)
    {
        ArgumentNullException.ThrowIfNull(source);
        try
        {
            using var small = Image.ThumbnailBuffer(source, ProbeSide, height: ProbeSide);
            return small.Bands < 3 || ColourBandsEqual(small);
        }
        catch (VipsException)
        {
            return false;
        }
    }

    /// <summary>
    /// The grey form of <paramref name="held"/> (its first band, plus alpha when it has one, interpreted as grey) when its
    /// colour bands are identical in every pixel; null otherwise, and when the image keeps an ICC profile (a colour
    /// profile cannot describe a grey file). <paramref name="held"/> is read more than once, so it must be pixels in
    /// memory (<see cref="Image.CopyMemory"/>), not a decoding pipeline; a strip from its top is checked first, which
    /// rules out nearly every colour picture at once. The caller owns the result.
    /// </summary>
    public static Image? TryGrey(Image held, Enums.ForeignKeep keep)
    {
        ArgumentNullException.ThrowIfNull(held);
        if (held.Bands is not (3 or 4) || held.Format is not (Enums.BandFormat.Uchar or Enums.BandFormat.Ushort)) return null;
        if (held.Interpretation is not (Enums.Interpretation.Srgb or Enums.Interpretation.Rgb16)) return null;
        if (keep.HasFlag(Enums.ForeignKeep.Icc) && held.Contains("icc-profile-data")) return null;
        if (held.Height > StripRows)
        {
            using var strip = held.Crop(0, 0, held.Width, StripRows);
            if (!ColourBandsEqual(strip)) return null;
        }
        if (!ColourBandsEqual(held)) return null;
        var interpretation = held.Format == Enums.BandFormat.Ushort ? Enums.Interpretation.Grey16 : Enums.Interpretation.Bw;
        using var first = held.ExtractBand(0);
        if (held.Bands == 3) return first.Copy(interpretation: interpretation);
        using var alpha = held.ExtractBand(3);
        using var joined = first.Bandjoin(alpha);
        return joined.Copy(interpretation: interpretation);
    }

    /// <summary>True when bands 0, 1 and 2 hold the same value in every pixel: (R xor G) or (R xor B) is 0 everywhere.</summary>
    private static bool ColourBandsEqual(Image image)
    {
        using var r = image.ExtractBand(0);
        using var g = image.ExtractBand(1);
        using var b = image.ExtractBand(2);
        using var rg = r.Boolean(g, Enums.OperationBoolean.Eor);
        using var rb = r.Boolean(b, Enums.OperationBoolean.Eor);
        using var any = rg.Boolean(rb, Enums.OperationBoolean.Or);
        return any.Max() == 0;
    }
}
