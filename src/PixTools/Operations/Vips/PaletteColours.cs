using NetVips;

namespace PixTools.Operations.Vips;

/// <summary>
/// Finds pictures of at most 256 colours (a logo, a chart, a screenshot, every GIF, a palette PNG), which a PNG can
/// store as one palette index per pixel instead of three or four bytes, as ImageMagick does: a palette PNG recompressed
/// to PNG no longer comes back twice its size. Fully transparent pixels count as one colour, since they show nothing.
/// </summary>
internal static class PaletteColours
{
    /// <summary>The most colours a PNG palette holds.</summary>
    public const int MaxColours = 256;

    /// <summary>Rows read at a time: a photograph passes 256 colours within its first strip, and the count stops there.</summary>
    private const int StripRows = 64;

    /// <summary>
    /// How many colours the 8-bit RGB or RGBA pixels of <paramref name="held"/> (pixels in memory, read strip by strip)
    /// have, when at most <see cref="MaxColours"/>; null for more, and for any other kind of picture.
    /// </summary>
    public static int? Count(Image held)
    {
        ArgumentNullException.ThrowIfNull(held);
        if (held.Bands is not (3 or 4) || held.Format != Enums.BandFormat.Uchar) return null;
        var bands = held.Bands;
        var colours = new HashSet<uint>();
        for (var top = 0; top < held.Height; top += StripRows)
        {
            using var strip = held.Crop(0, top, held.Width, Math.Min(StripRows, held.Height - top));
            var pixels = strip.WriteToMemory<byte>();
            if (!AddColours(pixels, bands, colours)) return null;
        }
        return colours.Count;
    }

    /// <summary>The PNG bit depth that holds <paramref name="colours"/> palette entries: 1, 2, 4 or 8.</summary>
    public static int BitDepthFor(int colours) => colours switch
    {
        <= 2 => 1,
        <= 4 => 2,
        <= 16 => 4,
        _ => 8,
    };

    /// <summary>Adds the strip's colours; false as soon as there are more than <see cref="MaxColours"/>.</summary>
    private static bool AddColours(ReadOnlySpan<byte> pixels, int bands, HashSet<uint> colours)
    {
        // Runs of one colour are common in the pictures that pass: the last colour seen is checked first.
        var last = uint.MaxValue;
        for (var i = 0; i + bands <= pixels.Length; i += bands)
        {
            var colour = bands == 4
                ? (pixels[i + 3] == 0 ? 0u : pixels[i] | (uint)pixels[i + 1] << 8 | (uint)pixels[i + 2] << 16 | (uint)pixels[i + 3] << 24)
                : pixels[i] | (uint)pixels[i + 1] << 8 | (uint)pixels[i + 2] << 16 | 0xFF000000u;
            if (colour == last) continue;
            last = colour;
            if (colours.Add(colour) && colours.Count > MaxColours) return false;
        }
        return true;
    }
}
