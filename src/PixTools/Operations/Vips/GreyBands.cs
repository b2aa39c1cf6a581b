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
    /// A cheap first look at an encoded source, for a picture too large to hold in memory for the exact check, in up to
    /// three steps, each only when the one before found no colour: true at once for a grey file (one band, or grey +
    /// alpha: nothing is decoded); false when the top rows of an 8-bit RGB file that is not progressive or interlaced
    /// are not grey (a sequential loader decodes only those rows, and a colour photo nearly always shows colour there);
    /// otherwise a small thumbnail of the whole file (shrink-on-load where the format allows). Resampling treats every
    /// band alike, so a picture whose colour bands are equal has an equal-band thumbnail: false means the one-band form
    /// is not tried, true means "check the decoded pixels" (a grey file is usually decoded as grey, but a profile
    /// conversion or a caller may have made it colour). A file that cannot be read gives false (the real decode reports
    /// why).
    /// </summary>
    public static bool MayBeGrey(byte[] source)
    {
        ArgumentNullException.ThrowIfNull(source);
        try
        {
            using (var file = Image.NewFromBuffer(source, access: Enums.Access.Sequential))
            {
                if (file.Bands < 3) return true;
                // A progressive JPEG or interlaced PNG has to be decoded whole before its first row: the thumbnail is cheaper.
                var topRowsFirst = !file.Contains("interlaced") || file.Get("interlaced") is 0;
                if (topRowsFirst && file.Format == Enums.BandFormat.Uchar && file.Interpretation == Enums.Interpretation.Srgb)
                {
                    using var top = file.Crop(0, 0, file.Width, Math.Min(StripRows, file.Height));
                    if (!ColourBandsEqual(top)) return false;
                }
            }
            using var small = Image.ThumbnailBuffer(source, ProbeSide, height: ProbeSide);
            return small.Bands < 3 || ColourBandsEqual(small);
        }
        catch (VipsException)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether a conversion to PNG should hold its finished pixels in memory and check them exactly (<see cref="TryGrey"/>)
    /// rather than first probing the source file (<see cref="MayBeGrey"/>): true for a colour picture of at most
    /// <paramref name="maxPixels"/> pixels (<see cref="ImagingOptions.PngGreyCheckMaxPixels"/>). Holding costs a copy of the
    /// pixels (3 or 4 bytes each) and almost no time, since the pixels are decoded once either way; the source probe
    /// costs a partial or shrunk decode of the file.
    /// </summary>
    public static bool HoldForCheck(Image finished, long maxPixels)
    {
        ArgumentNullException.ThrowIfNull(finished);
        return finished.Bands is 3 or 4 && (long)finished.Width * finished.Height <= maxPixels;
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
