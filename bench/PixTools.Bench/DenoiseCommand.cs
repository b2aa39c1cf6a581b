using System.Diagnostics;
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
/// <c>denoise</c>: the shipped model's speed through ONNX Runtime (ms per megapixel at a few sizes, median of
/// runs, the automatic strength's level estimate included) next to the old 20×64 DnCNN architecture with random
/// weights, and the quality table of <see cref="DenoiseQuality"/> on the held-out photos (skimage's colour photos,
/// short side 512). Both tables are markdown; bench/README.md says what each number means.
/// </summary>
internal static class DenoiseCommand
{
    private const string DefaultHeldOut = "/usr/lib/python3/dist-packages/skimage/data";

    // The colour photographs of skimage's data folder; the rest there are grey, synthetic, tiny or drawings.
    private static readonly string[] HeldOutPhotos =
        ["astronaut.png", "chelsea.png", "coffee.png", "hubble_deep_field.jpg", "ihc.png", "motorcycle_left.png",
         "motorcycle_right.png", "retina.jpg", "rocket.jpg"];

    public static async Task<int> RunAsync(BenchArgs args)
    {
        VipsSetup.Apply(new ImagingOptions());
        var options = new DenoiseOptions
        {
            ModelPath = args.String("model") ?? new DenoiseOptions().ModelPath,
            IntraOpThreads = args.Int("threads", 0),
            TileSize = args.Int("tile", new DenoiseOptions().TileSize),
            AllowSpinning = args.Flag("spinning"),
        };
        var runs = args.Int("runs", 3);
        Console.WriteLine($"denoise: {MachineInfo.Describe()}");
        using var model = new DenoiseModel(options, NullLogger.Instance);
        model.EnsureLoaded();
        Console.WriteLine($"model {model.Path} ({model.Architecture}, {model.Metadata.GetValueOrDefault("pixtools.train_steps", "?")} training steps, " +
            $"{new FileInfo(model.Path).Length / 1024} KiB), {options.Threads} ONNX Runtime threads, " +
            $"tiles {options.TileSize} + {options.Overlap} px overlap, spinning {(options.AllowSpinning ? "on" : "off")}, {runs} runs after a warm-up");

        if (!args.Flag("skip-speed"))
        {
            var sizes = Sizes(args.String("sizes") ?? "512x512,1024x768,2048x1536");
            var shipped = Speed(model, options, sizes, runs);
            var baselinePath = args.String("baseline");
            SpeedRow[]? baseline = null;
            if (baselinePath is not null && File.Exists(baselinePath))
            {
                using var dncnn = new DenoiseModel(new DenoiseOptions
                {
                    ModelPath = baselinePath,
                    IntraOpThreads = options.IntraOpThreads,
                    TileSize = options.TileSize,
                    AllowSpinning = options.AllowSpinning,
                }, NullLogger.Instance);
                dncnn.EnsureLoaded();
                baseline = Speed(dncnn, options, Sizes(args.String("baseline-sizes") ?? "512x512,1024x768"), runs);
            }
            else
            {
                Console.WriteLine($"(no baseline: --baseline FILE not given or not found; tools/denoise/export_dncnn.py --out FILE writes it)");
            }
            PrintSpeed(shipped, baseline);
        }
        if (!args.Flag("skip-psnr"))
        {
            var folder = args.String("held-out") ?? DefaultHeldOut;
            var names = args.String("held-out-names")?.Split(',') ?? HeldOutPhotos;
            var shortSide = args.Int("short-side", 512);
            await DenoiseQuality.PrintAsync(model, options, names.Select(n => (n, BenchPixels.ShortSide(Path.Combine(folder, n), shortSide))).ToList());
        }
        Console.WriteLine($"load average at the end: {MachineInfo.LoadAverage()}");
        return 0;
    }

    private sealed record SpeedRow(int Width, int Height, double ModelMsPerMp, double WallMsPerMp, double CpuMsPerMp, double EstimatorMs);

    // Each size is storm-exif-lens.jpg (mate-backgrounds: not a training photo) scaled to cover it and cropped,
    // with σ 25 noise; the content hardly matters to a convolution's time, but it is a real photo all the same.
    private static SpeedRow[] Speed(DenoiseModel model, DenoiseOptions options, (int Width, int Height)[] sizes, int runs)
    {
        var rows = new List<SpeedRow>();
        foreach (var (width, height) in sizes)
        {
            var pixels = ImageQuality.AddGaussianNoise(BenchPixels.Cropped(Path.Combine(RepoPaths.Photos, "storm-exif-lens.jpg"), width, height), 25, seed: 1);
            var megapixels = (long)width * height / 1e6;
            var denoiser = new TiledDenoiser(model, options.TileSize, options.Overlap);
            var modelMs = new List<double>();
            var wallMs = new List<double>();
            var cpuMs = new List<double>();
            var estimatorMs = new List<double>();
            for (var run = 0; run <= runs; run++)
            {
                var buffer = (byte[])pixels.Clone();
                var estimator = Stopwatch.StartNew();
                var sigma = AutoStrength.Estimate(model, buffer, width, height);
                var estimated = estimator.Elapsed.TotalMilliseconds;
                var process = Process.GetCurrentProcess();
                var cpu = process.TotalProcessorTime;
                var wall = Stopwatch.StartNew();
                var inModel = denoiser.Denoise(buffer, width, height, sigma, CancellationToken.None);
                if (run == 0) continue; // warm-up: ONNX Runtime plans each new tile shape once
                wallMs.Add(wall.Elapsed.TotalMilliseconds);
                process.Refresh();
                cpuMs.Add((process.TotalProcessorTime - cpu).TotalMilliseconds);
                modelMs.Add(inModel.TotalMilliseconds);
                estimatorMs.Add(estimated);
            }
            var row = new SpeedRow(width, height, Stats.Median(modelMs) / megapixels, Stats.Median(wallMs) / megapixels,
                Stats.Median(cpuMs) / megapixels, Stats.Median(estimatorMs));
            Console.Error.WriteLine($"  {model.Architecture} {width}x{height}: {row.ModelMsPerMp:F0} ms/MP in the model, {row.WallMsPerMp:F0} with tiling, {row.CpuMsPerMp:F0} CPU, estimator {row.EstimatorMs:F0} ms");
            rows.Add(row);
        }
        return rows.ToArray();
    }

    private static void PrintSpeed(SpeedRow[] shipped, SpeedRow[]? baseline)
    {
        Console.WriteLine();
        Console.WriteLine("| image | shipped: model ms/MP | with tiling ms/MP | CPU ms/MP | auto strength ms | 20x64 DnCNN: model ms/MP | CPU ms/MP | DnCNN / shipped, wall | DnCNN / shipped, CPU |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in shipped)
        {
            var old = Match(baseline, row);
            var oldCells = old is null ? " | | | " : $"{old.ModelMsPerMp:F0} | {old.CpuMsPerMp:F0} | {old.ModelMsPerMp / row.ModelMsPerMp:F1}× | {old.CpuMsPerMp / row.CpuMsPerMp:F1}×";
            Console.WriteLine($"| {row.Width}x{row.Height} ({row.Width * (long)row.Height / 1e6:F2} MP) | {row.ModelMsPerMp:F0} | {row.WallMsPerMp:F0} | {row.CpuMsPerMp:F0} | {row.EstimatorMs:F0} | {oldCells} |");
        }
        Console.Write($"\nmedian over sizes: shipped {Stats.Median(shipped.Select(r => r.ModelMsPerMp)):F0} ms/MP in the model ({Stats.Median(shipped.Select(r => r.CpuMsPerMp)):F0} CPU ms/MP)");
        var common = shipped.Where(s => Match(baseline, s) is not null).ToList();
        if (common.Count > 0)
        {
            var wall = Stats.Median(common.Select(s => Match(baseline, s)!.ModelMsPerMp / s.ModelMsPerMp));
            var cpu = Stats.Median(common.Select(s => Match(baseline, s)!.CpuMsPerMp / s.CpuMsPerMp));
            Console.Write($"; the 20x64 DnCNN takes {wall:F1}× the shipped model's time ({cpu:F1}× its CPU time) at the same sizes");
        }
        Console.WriteLine();
    }

    private static SpeedRow? Match(SpeedRow[]? rows, SpeedRow row) => rows?.FirstOrDefault(r => r.Width == row.Width && r.Height == row.Height);

    private static (int Width, int Height)[] Sizes(string list) =>
        list.Split(',').Select(s => s.Split('x')).Select(p => (int.Parse(p[0], CultureInfo.InvariantCulture), int.Parse(p[1], CultureInfo.InvariantCulture))).ToArray();
}
