namespace PixTools.Operations.Denoise;

/// <summary>
/// Where a picture carries no noise for certain: a pixel whose 9×9 neighbourhood (cut at the picture's edges) is one
/// exact colour. Noise of any strength, even after JPEG, leaves no 81 neighbouring pixels identical, so such a pixel
/// is a flat area of a graphic, a clipped highlight or shadow, or a border, and the denoiser must give it back as it
/// was. The network was trained on photographs and does not: on a flat saturated green it wrote changes of up to 52
/// levels, on the top rows of a flat red up to 6 (<see cref="TiledDenoiser"/> keeps these pixels).
/// </summary>
public static class FlatAreas
{
    /// <summary>Half the side of the neighbourhood: 4, so 9×9 pixels, larger than a JPEG block.</summary>
    public const int Radius = 4;

    /// <summary>
    /// Whether every pixel within <see cref="Radius"/> of (<paramref name="x"/>, <paramref name="y"/>) in
    /// <paramref name="rgb"/> (interleaved R, G, B bytes, row by row) has exactly its colour. Stops at the first pixel
    /// that differs, so on a noisy photograph it costs a compare or two.
    /// </summary>
    public static bool IsFlat(ReadOnlySpan<byte> rgb, int width, int height, int x, int y)
    {
        var at = (y * width + x) * 3;
        var (r, g, b) = (rgb[at], rgb[at + 1], rgb[at + 2]);
        var (x0, x1) = (Math.Max(0, x - Radius), Math.Min(width - 1, x + Radius));
        var (y0, y1) = (Math.Max(0, y - Radius), Math.Min(height - 1, y + Radius));
        // The pixel's own row first: on a photograph it differs there at once.
        if (!RowIsOne(rgb, width, y, x0, x1, r, g, b)) return false;
        for (var row = y0; row <= y1; row++)
        {
            if (row != y && !RowIsOne(rgb, width, row, x0, x1, r, g, b)) return false;
        }
        return true;
    }

    private static bool RowIsOne(ReadOnlySpan<byte> rgb, int width, int row, int x0, int x1, byte r, byte g, byte b)
    {
        var p = (row * width + x0) * 3;
        for (var col = x0; col <= x1; col++, p += 3)
        {
            if (rgb[p] != r || rgb[p + 1] != g || rgb[p + 2] != b) return false;
        }
        return true;
    }
}
