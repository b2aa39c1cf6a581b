using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetVips;
using PixTools.Operations;
using PixTools.Operations.Denoise;
using PixTools.Operations.Vips;
using PixTools.Testing;

namespace PixTools.Bench;

/// <summary>
/// The denoise quality table of issue 17 through the whole <see cref="DenoiseOperation"/> (the upload as a PNG or a
/// JPEG file, strength=auto, PNG out): per row of degradation, PSNR (RGB, mean over the held-out photos) of the
/// noisy upload, of libvips' Gaussian blur and median each tuned per row (the best value of a grid, on the same
/// photos), and of the model; the gain of auto over the better filter; the worst single photo's gain over the
/// better filter on that photo; the mean strength auto chose. tools/denoise/evaluate.py prints the same rows with
/// OpenCV's NLM as a third filter.
/// </summary>
internal static class DenoiseQuality
{
    private static readonly double[] BlurGrid = [0.5, 0.7, 0.9, 1.1, 1.3, 1.6, 2.0, 2.4];
    private static readonly int[] MedianGrid = [3, 5, 7];

    private sealed record Row(string Name, Func<RgbPixels, int, byte[]> Upload);

    private static readonly Row[] Rows =
    [
        new("σ 15, PNG", (p, seed) => Png(Gaussian(p, 15, seed))),
        new("σ 25, PNG", (p, seed) => Png(Gaussian(p, 25, seed))),
        new("σ 50, PNG", (p, seed) => Png(Gaussian(p, 50, seed))),
        new("σ 25 → JPEG q90", (p, seed) => Jpeg(Gaussian(p, 25, seed), 90)),
        new("σ 15 → JPEG q75", (p, seed) => Jpeg(Gaussian(p, 15, seed), 75)),
        new("Poisson-Gaussian 0.04·I+16, PNG", (p, seed) => Png(PoissonGaussian(p, 0.04, 16, 0.3, seed))),
        new("clean photo, PNG", (p, _) => Png(p)),
    ];

    public static async Task PrintAsync(DenoiseModel model, DenoiseOptions options, IReadOnlyList<(string Name, RgbPixels Pixels)> photos)
    {
        var operation = new DenoiseOperation(model, Options.Create(options), Options.Create(new ImagingOptions()), NullLogger<DenoiseOperation>.Instance);
        Console.WriteLine();
        Console.WriteLine($"{photos.Count} held-out photos ({string.Join(", ", photos.Select(p => $"{p.Name} {p.Pixels.Width}x{p.Pixels.Height}"))}); " +
            "seeded noise rounded and clipped to 8 bits, JPEG by libvips (4:2:0); PSNR in dB over RGB, mean over photos; " +
            "the clean row is against the input itself");
        Console.WriteLine();
        Console.WriteLine("| row | noisy | Gaussian blur (σ) | median (size) | model, auto | auto strength (mean) | gain vs best filter | worst photo |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (var r = 0; r < Rows.Length; r++)
        {
            var row = Rows[r];
            var noisy = new List<double>();
            var auto = new List<double>();
            var strengths = new List<double>();
            var blur = BlurGrid.ToDictionary(s => s, _ => new List<double>());
            var median = MedianGrid.ToDictionary(s => s, _ => new List<double>());
            foreach (var (photo, index) in photos.Select((p, i) => (p.Pixels, i)))
            {
                var upload = row.Upload(photo, 1000 * index + r);
                var uploaded = BenchPixels.Decoded(upload);
                var reference = r == Rows.Length - 1 ? uploaded.Rgb : photo.Rgb;
                noisy.Add(ImageQuality.Psnr(uploaded.Rgb, reference));
                var (output, strength) = await DenoiseAsync(operation, upload);
                auto.Add(ImageQuality.Psnr(output, reference));
                strengths.Add(strength);
                foreach (var s in BlurGrid) blur[s].Add(ImageQuality.Psnr(Blur(uploaded, s), reference));
                foreach (var k in MedianGrid) median[k].Add(ImageQuality.Psnr(Median(uploaded, k), reference));
            }
            if (r == Rows.Length - 1)
            {
                // Nothing to remove: the model is scored against the upload itself, the filters do not apply.
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {row.Name} | {Db(noisy)} | — | — | {Db(auto)} (min {auto.Min():F2}) | {strengths.Average():F1} | — | — |"));
                continue;
            }
            var bestBlur = blur.MaxBy(b => b.Value.Average());
            var bestMedian = median.MaxBy(m => m.Value.Average());
            var filter = Math.Max(bestBlur.Value.Average(), bestMedian.Value.Average());
            var worst = auto.Select((a, i) => a - Math.Max(bestBlur.Value[i], bestMedian.Value[i])).Min();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Name} | {Db(noisy)} | {Db(bestBlur.Value)} ({bestBlur.Key:0.0}) | {Db(bestMedian.Value)} ({bestMedian.Key}) | {Db(auto)} | {strengths.Average():F1} | {auto.Average() - filter:+0.00;-0.00} | {worst:+0.00;-0.00} |"));
        }
    }

    private static string Db(List<double> values) =>
        values.Any(double.IsPositiveInfinity) ? "∞" : values.Average().ToString("F2", CultureInfo.InvariantCulture);

    private static async Task<(byte[] Rgb, double Strength)> DenoiseAsync(DenoiseOperation operation, byte[] upload)
    {
        using var output = new MemoryStream();
        var format = upload[0] == 0xFF ? ImageFormats.Jpeg : ImageFormats.Png;
        var result = await operation.RunAsync(new OperationInput(upload, format, new OperationParams(Strength: DenoiseStrength.Auto)), output, CancellationToken.None);
        using var image = Image.NewFromBuffer(output.ToArray());
        return (image.WriteToMemory<byte>(), result.Applied?.Strength?.Sigma ?? double.NaN);
    }

    private static RgbPixels Gaussian(RgbPixels clean, double sigma, int seed) => clean with { Rgb = ImageQuality.AddGaussianNoise(clean.Rgb, sigma, seed) };

    // Variance a·I + b (8-bit scale) per pixel; each channel's noise shares `correlation` of its variance with the
    // pixel's other channels (one common normal), as demosaicing and colour conversion leave it.
    private static RgbPixels PoissonGaussian(RgbPixels clean, double a, double b, double correlation, int seed)
    {
        var random = new Random(seed);
        var noisy = new byte[clean.Rgb.Length];
        for (var i = 0; i < noisy.Length; i += 3)
        {
            var shared = Normal(random);
            for (var c = 0; c < 3; c++)
            {
                var value = (double)clean.Rgb[i + c];
                var z = Math.Sqrt(1 - correlation) * Normal(random) + Math.Sqrt(correlation) * shared;
                noisy[i + c] = (byte)Math.Clamp(Math.Round(value + Math.Sqrt(a * value + b) * z), 0, 255);
            }
        }
        return clean with { Rgb = noisy };
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static byte[] Png(RgbPixels pixels) => BenchPixels.Png(pixels.Rgb, pixels.Width, pixels.Height);

    private static byte[] Jpeg(RgbPixels pixels, int quality)
    {
        using var image = Image.NewFromMemory(pixels.Rgb, pixels.Width, pixels.Height, 3, Enums.BandFormat.Uchar);
        return image.JpegsaveBuffer(q: quality, subsampleMode: Enums.ForeignSubsample.On);
    }

    private static byte[] Blur(RgbPixels pixels, double sigma)
    {
        using var image = Image.NewFromMemory(pixels.Rgb, pixels.Width, pixels.Height, 3, Enums.BandFormat.Uchar);
        using var blurred = image.Gaussblur(sigma, precision: Enums.Precision.Float);
        using var rounded = blurred.Round(Enums.OperationRound.Rint);
        using var eight = rounded.Cast(Enums.BandFormat.Uchar);
        return eight.WriteToMemory<byte>();
    }

    private static byte[] Median(RgbPixels pixels, int size)
    {
        using var image = Image.NewFromMemory(pixels.Rgb, pixels.Width, pixels.Height, 3, Enums.BandFormat.Uchar);
        using var median = image.Median(size);
        return median.WriteToMemory<byte>();
    }
}
