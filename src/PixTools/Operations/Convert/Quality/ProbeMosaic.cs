using NetVips;

namespace PixTools.Operations.Convert.Quality;

/// <summary>
/// The small image an automatic-quality search encodes instead of the whole picture: a grid of tiles cut from the
/// image at full resolution (not downscaled: a smaller copy packs more detail into each block and scores lower
/// than the picture would), one from the centre of each cell of an even grid, each tile's corner on the 16-pixel
/// grid of the whole image so that the encoders' blocks and macroblocks fall where they fall in the full encode.
/// An image no larger than 1.5× the budget or <see cref="WholeUpTo"/> is used whole, and then the probes' scores are exact.
/// </summary>
internal static class ProbeMosaic
{
    private const int Tile = 128;

    /// <summary>
    /// Images up to this many pixels (0.4 MP, 730×548) are probed whole: a mosaic of a small image scored 2–3 points
    /// off, a whole probe is exact, and encoding such an image takes milliseconds.
    /// </summary>
    public const long WholeUpTo = 400_000;

    /// <summary>
    /// The probe image for <paramref name="image"/> of at most about <paramref name="budgetPixels"/> pixels, and whether
    /// it is the whole image. The caller owns the returned image.
    /// </summary>
    public static (Image Probe, bool Whole) Build(Image image, long budgetPixels)
    {
        var pixels = (long)image.Width * image.Height;
        var cols = Math.Min(image.Width / Tile, (int)Math.Max(1, Math.Round(Math.Sqrt(budgetPixels * (double)image.Width / image.Height) / Tile)));
        var rows = Math.Min(image.Height / Tile, (int)Math.Max(1, budgetPixels / ((long)Tile * Tile) / Math.Max(cols, 1)));
        if (pixels <= Math.Max(budgetPixels * 3 / 2, WholeUpTo) || cols < 2 || rows < 2) return (image.Copy(), true);

        var tiles = new List<Image>(cols * rows);
        try
        {
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < cols; c++)
                {
                    var x = Aligned((int)((c + 0.5) * image.Width / cols) - Tile / 2, image.Width);
                    var y = Aligned((int)((r + 0.5) * image.Height / rows) - Tile / 2, image.Height);
                    tiles.Add(image.Crop(x, y, Tile, Tile));
                }
            }
            using var joined = Image.Arrayjoin([.. tiles], across: cols);
            // Materialise once: every probe encodes and scores these pixels again.
            return (joined.CopyMemory(), false);
        }
        finally
        {
            foreach (var t in tiles) t.Dispose();
        }
    }

    private static int Aligned(int position, int size) => Math.Clamp(position / 16 * 16, 0, (size - Tile) / 16 * 16);
}
