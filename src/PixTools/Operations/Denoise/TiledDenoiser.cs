using System.Buffers;

namespace PixTools.Operations.Denoise;

/// <summary>
/// Runs <see cref="DenoiseModel"/> over an 8-bit RGB image of any size in square tiles, so memory stays bounded:
/// one tile's floats at a time, and the denoised pixels written back into the same buffer. Each tile reads
/// <c>overlap</c> pixels of context beyond its square on every side (clipped at the image's edges, where the whole
/// image would see the model's own zero padding) and keeps only its square: with an overlap at least the model's
/// receptive-field radius, the tiles add up to the whole-image output, without seams. Odd sides are padded by one
/// replicated row or column (the model needs even sides) that is dropped again. Each tile's output is blended with a
/// blur of its input (<see cref="BlurBlend"/>) before it is rounded.
/// </summary>
public sealed class TiledDenoiser(DenoiseModel model, int tileSize, int overlap)
{
    private static readonly float[] ToUnit = Enumerable.Range(0, 256).Select(v => v / 255f).ToArray();

    /// <summary>
    /// Denoises <paramref name="rgb"/> (interleaved R, G, B bytes, row by row) in place at noise level
    /// <paramref name="sigma"/> (0-255 scale). Returns the time spent inside the model, all tiles together.
    /// </summary>
    public TimeSpan Denoise(byte[] rgb, int width, int height, double sigma, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (rgb.Length < (long)width * height * 3) throw new ArgumentException("the buffer is smaller than width x height x 3", nameof(rgb));

        var image = new Frame(rgb, width, height, width + (width & 1), height + (height & 1));
        var columns = Split(image.PaddedWidth);
        var rows = Split(image.PaddedHeight);
        var regionWidth = Math.Min(image.PaddedWidth, columns.Max(c => c.Length) + 2 * overlap);
        var regionHeight = Math.Min(image.PaddedHeight, rows.Max(r => r.Length) + 2 * overlap);
        var input = new float[3 * regionWidth * regionHeight];
        var output = new float[input.Length];
        var scratch = new float[regionWidth * regionHeight];

        // A tile row's results wait in a band until no later tile reads those rows as context any more.
        var pending = new Queue<Band>();
        var modelTime = TimeSpan.Zero;
        try
        {
            foreach (var row in rows)
            {
                var (y0, y1) = (Math.Max(0, row.Start - overlap), Math.Min(image.PaddedHeight, row.End + overlap));
                while (pending.TryPeek(out var done) && done.End <= y0) WriteBack(pending.Dequeue(), image);
                var band = Band.Rent(row.Start, Math.Min(row.End, height), width);
                pending.Enqueue(band);
                foreach (var column in columns)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var (x0, x1) = (Math.Max(0, column.Start - overlap), Math.Min(image.PaddedWidth, column.End + overlap));
                    var region = new Region(x0, y0, x1 - x0, y1 - y0);
                    Fill(input, image, region);
                    modelTime += model.Run(input, output, region.Height, region.Width, sigma);
                    BlurBlend.Apply(input, output, region.Width, region.Height, sigma, scratch);
                    Keep(output, region, column, band, image);
                }
            }
            while (pending.TryDequeue(out var band)) WriteBack(band, image);
        }
        finally
        {
            foreach (var band in pending) band.Return();
        }
        return modelTime;
    }

    // Equal, even-sized spans covering 0..total (total is even): 1100 px in tiles of 512 are 3 × 368, not 512+512+76.
    private List<Extent> Split(int total)
    {
        var count = (total + tileSize - 1) / tileSize;
        var size = (total + count - 1) / count;
        size += size & 1;
        var spans = new List<Extent>();
        for (var start = 0; start < total; start += size) spans.Add(new Extent(start, Math.Min(total, start + size)));
        return spans;
    }

    // Planar float RGB in [0,1]; the padding row/column repeats the last real one.
    private static void Fill(float[] input, Frame image, Region region)
    {
        var plane = region.Width * region.Height;
        for (var y = 0; y < region.Height; y++)
        {
            var sourceRow = Math.Min(region.Y + y, image.Height - 1) * image.Width * 3;
            var target = y * region.Width;
            for (var x = 0; x < region.Width; x++)
            {
                var source = sourceRow + Math.Min(region.X + x, image.Width - 1) * 3;
                input[target + x] = ToUnit[image.Pixels[source]];
                input[plane + target + x] = ToUnit[image.Pixels[source + 1]];
                input[2 * plane + target + x] = ToUnit[image.Pixels[source + 2]];
            }
        }
    }

    // The tile's own square (real pixels only), clamped to [0,1] and rounded to 8 bits, into the row's band; a pixel
    // the model changed inside a flat area (FlatAreas) keeps its colour. The rows the check reads are still the
    // source's: a band is written back only once no tile reads its rows as context (overlap >= FlatAreas.Radius).
    private static void Keep(float[] output, Region region, Extent column, Band band, Frame image)
    {
        var plane = region.Width * region.Height;
        var xEnd = Math.Min(column.End, image.Width);
        for (var y = band.Start; y < band.End; y++)
        {
            var source = (y - region.Y) * region.Width - region.X;
            var target = (y - band.Start) * image.Width * 3;
            var original = y * image.Width * 3;
            for (var x = column.Start; x < xEnd; x++)
            {
                var at = target + x * 3;
                var (r, g, b) = (ToByte(output[source + x]), ToByte(output[plane + source + x]), ToByte(output[2 * plane + source + x]));
                var was = original + x * 3;
                if ((r != image.Pixels[was] || g != image.Pixels[was + 1] || b != image.Pixels[was + 2])
                    && FlatAreas.IsFlat(image.Pixels, image.Width, image.Height, x, y))
                {
                    (r, g, b) = (image.Pixels[was], image.Pixels[was + 1], image.Pixels[was + 2]);
                }
                band.Pixels[at] = r;
                band.Pixels[at + 1] = g;
                band.Pixels[at + 2] = b;
            }
        }
    }

    private static byte ToByte(float value) => (byte)(Math.Clamp(value, 0f, 1f) * 255f + 0.5f);

    private static void WriteBack(Band band, Frame image)
    {
        var rowBytes = image.Width * 3;
        band.Pixels.AsSpan(0, (band.End - band.Start) * rowBytes).CopyTo(image.Pixels.AsSpan(band.Start * rowBytes));
        band.Return();
    }

    private sealed record Frame(byte[] Pixels, int Width, int Height, int PaddedWidth, int PaddedHeight);

    private readonly record struct Extent(int Start, int End)
    {
        public int Length => End - Start;
    }

    private readonly record struct Region(int X, int Y, int Width, int Height);

    private sealed record Band(int Start, int End, byte[] Pixels)
    {
        public static Band Rent(int start, int end, int width) => new(start, end, ArrayPool<byte>.Shared.Rent((end - start) * width * 3));

        public void Return() => ArrayPool<byte>.Shared.Return(Pixels);
    }
}
