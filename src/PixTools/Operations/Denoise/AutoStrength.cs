namespace PixTools.Operations.Denoise;

/// <summary>
/// <c>strength=auto</c>: the noise level the denoiser is given, read by the learned level estimator
/// (<see cref="DenoiseModel.RunLevel"/>) on up to <see cref="Grid"/>×<see cref="Grid"/> crops of
/// <see cref="CropSide"/> pixels spread evenly over the image, the <see cref="Quantile"/> of their levels,
/// calibrated to the strength that serves the network best (<see cref="StrengthCalibration"/>: by the level, and
/// for a JPEG by its quality), rounded to one decimal so the number the job reports, typed back as
/// <c>strength</c>, gives the same output. Unlike a white-noise
/// estimate it reads the noise left after JPEG (correlated, without high frequencies) and signal-dependent noise,
/// and reads clean photos and clean JPEGs as (nearly) 0; a crop mostly of flat areas (<see cref="FlatAreas"/>: a
/// graphic, a clipped sky) reads 0 without the network.
/// The same crops as tools/denoise/evaluate.py
/// (<c>crop_boxes</c>, <c>auto_level</c>), so the trainer's numbers are the service's.
/// </summary>
public static class AutoStrength
{
    /// <summary>Side of one crop in pixels (even).</summary>
    public const int CropSide = 128;

    /// <summary>Crops per direction on an image larger than one crop.</summary>
    public const int Grid = 4;

    /// <summary>
    /// Which of the crops' levels is the image's: their 62.5th percentile (the median until the session-15 model: a
    /// photo whose dark or smooth crops read near 0 got a third of its Poisson-Gaussian noise's level).
    /// </summary>
    public const double Quantile = 0.625;

    /// <summary>The largest strength (the top of the parameter's range).</summary>
    public const double Max = 75;

    private static readonly float[] ToUnit = Enumerable.Range(0, 256).Select(v => v / 255f).ToArray();

    /// <summary>
    /// The automatic strength of <paramref name="rgb"/> (interleaved R, G, B bytes, row by row): the estimated level
    /// times <see cref="StrengthCalibration.Factor"/>, 0..<see cref="Max"/> with one decimal. An image under 2×2 pixels
    /// gives 0. <paramref name="jpegQuality"/>: the quality of the JPEG these pixels were decoded from at its own size
    /// (<see cref="JpegQuality"/>), or null.
    /// </summary>
    public static double Estimate(DenoiseModel model, ReadOnlySpan<byte> rgb, int width, int height, int? jpegQuality = null)
    {
        if (rgb.Length < (long)width * height * 3) throw new ArgumentException("the buffer is smaller than width x height x 3", nameof(rgb));
        var boxes = Boxes(width, height);
        if (boxes.Count == 0) return 0;
        var crop = new float[3 * boxes[0].Width * boxes[0].Height];
        var levels = new double[boxes.Count];
        for (var i = 0; i < boxes.Count; i++)
        {
            // A crop mostly made of flat areas (FlatAreas: 9×9 pixels of one exact colour, which no noise leaves) is a
            // graphic or a clipped sky, not a noisy photo: it reads 0. The network, trained on photographs, read a flat
            // saturated green as 75 and a logo's saturated edges as 20.
            if (MostlyFlat(rgb, width, height, boxes[i])) continue;
            Fill(crop, rgb, width, boxes[i]);
            levels[i] = model.RunLevel(crop, boxes[i].Height, boxes[i].Width);
        }
        var level = QuantileOf(levels, Quantile);
        return Math.Round(Math.Clamp(level * StrengthCalibration.Factor(level, jpegQuality), 0, Max), 1, MidpointRounding.AwayFromZero);
    }

    /// <summary>The crops: even origins and sides, a grid of evenly spaced ones, or one when the image is smaller.</summary>
    public static IReadOnlyList<Box> Boxes(int width, int height)
    {
        var (cw, ch) = (Math.Min(CropSide, width - width % 2), Math.Min(CropSide, height - height % 2));
        if (cw < 2 || ch < 2) return [];
        var nx = cw >= width - 1 ? 1 : Grid;
        var ny = ch >= height - 1 ? 1 : Grid;
        var boxes = new List<Box>(nx * ny);
        for (var i = 0; i < ny; i++)
        {
            for (var j = 0; j < nx; j++)
            {
                var y = ny == 1 ? 0 : (height - ch) * i / (ny - 1);
                var x = nx == 1 ? 0 : (width - cw) * j / (nx - 1);
                boxes.Add(new Box(x - x % 2, y - y % 2, cw, ch));
            }
        }
        return boxes;
    }

    /// <summary>Whether at least half of the crop's pixels lie in flat areas (<see cref="FlatAreas.IsFlat"/>).</summary>
    private static bool MostlyFlat(ReadOnlySpan<byte> rgb, int width, int height, Box box)
    {
        var flat = 0;
        var needed = (box.Width * box.Height + 1) / 2;
        for (var y = box.Y; y < box.Y + box.Height; y++)
        {
            for (var x = box.X; x < box.X + box.Width; x++)
            {
                if (FlatAreas.IsFlat(rgb, width, height, x, y) && ++flat >= needed) return true;
            }
        }
        return false;
    }

    private static void Fill(float[] crop, ReadOnlySpan<byte> rgb, int width, Box box)
    {
        var plane = box.Width * box.Height;
        for (var y = 0; y < box.Height; y++)
        {
            var source = ((box.Y + y) * width + box.X) * 3;
            var target = y * box.Width;
            for (var x = 0; x < box.Width; x++, source += 3)
            {
                crop[target + x] = ToUnit[rgb[source]];
                crop[plane + target + x] = ToUnit[rgb[source + 1]];
                crop[2 * plane + target + x] = ToUnit[rgb[source + 2]];
            }
        }
    }

    /// <summary>
    /// As numpy's <c>quantile</c> (linear): between the sorted values at and after <c>q × (n − 1)</c>. Sorts
    /// <paramref name="values"/> in place.
    /// </summary>
    public static double QuantileOf(double[] values, double q)
    {
        ArgumentOutOfRangeException.ThrowIfZero(values.Length);
        Array.Sort(values);
        var position = q * (values.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, values.Length - 1);
        return values[below] + (position - below) * (values[above] - values[below]);
    }

    /// <summary>One crop: top-left corner and size in pixels.</summary>
    public readonly record struct Box(int X, int Y, int Width, int Height);
}
