using System.Globalization;
using System.Text;
using PixTools.Operations;

namespace PixTools.Bench;

/// <summary>
/// <c>engines</c>: every photo through every operation in PixTools' ConvertOperation, sharp and ImageMagick,
/// interleaved (for each photo and run: PixTools, sharp, …, ImageMagick), then one table per operation.
/// </summary>
internal static class EnginesCommand
{
    private sealed record PhotoResult(Photo Photo, double WallMs, double CpuMs, double Bytes, int Width, int Height);

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var folders = args.All("photos") is { Count: > 0 } given ? given : [RepoPaths.Photos];
        var photos = Photo.LoadFolders(folders);
        var runs = args.Int("runs", 3);
        var avifRuns = args.Int("avif-runs", runs);
        var keys = args.String("ops")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var operations = BenchOperation.All.Where(o => keys is null || keys.Contains(o.Key)).ToList();

        var pixTools = new PixToolsEngine(PixToolsEngine.ConfiguredOptions());
        using var sharp = await SharpProcess.StartAsync();
        using var magick = await MagickEngine.StartAsync(args.String("magick"), args.String("magick-cpus"));
        // sharp once with PixTools' AVIF settings, and once with its own (effort 4, libheif's default tune).
        var effort = pixTools.Options.AvifEffort;
        IEngine sharpSameEffort = new SharpEngine(sharp, effort, pixTools.Options.AvifTune, isDefault: false);
        IEngine? sharpDefaultEffort = args.Flag("skip-slow-avif") ? null : new SharpEngine(sharp, 4, "auto", isDefault: true);

        var csv = new StringBuilder("operation,engine,photo,megapixels,run,wall_ms,cpu_ms,bytes,width,height\n");
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"engines: {MachineInfo.Describe()}");
        report.AppendLine(CultureInfo.InvariantCulture, $"sharp {sharp.Versions["sharp"]} (libvips {sharp.Versions["vips"]}, aom {sharp.Versions["aom"]}, libheif {sharp.Versions["heif"]}); {magick.Version}");
        report.AppendLine(CultureInfo.InvariantCulture, $"{photos.Count} photos ({string.Join(", ", photos.Select(p => $"{p.Name} {p.Megapixels:F2} MP"))}); {runs} runs each ({avifRuns} for avif), median per photo");
        report.AppendLine(CultureInfo.InvariantCulture, $"ImageMagick: one process per image; its median start-up ({magick.StartupMs:F0} ms, `convert -version`) is subtracted from its times");
        report.AppendLine();

        foreach (var operation in operations)
        {
            List<IEngine> engines = [pixTools, sharpSameEffort];
            if (operation.Target == ImageFormats.Avif && sharpDefaultEffort is not null) engines.Add(sharpDefaultEffort);
            engines.Add(magick);
            var results = engines.ToDictionary(e => e, _ => new List<PhotoResult>());

            // Warm-up: JIT, node's optimiser, page cache and codec start-up, on the smallest photo at its own size.
            var smallest = photos.MinBy(p => p.Megapixels)!;
            foreach (var engine in engines) await engine.ConvertAsync(smallest, operation.WithoutResize());

            foreach (var photo in photos)
            {
                var samples = engines.ToDictionary(e => e, _ => new List<Measurement>());
                var count = operation.Target == ImageFormats.Avif ? avifRuns : runs;
                for (var run = 0; run < count; run++)
                {
                    foreach (var engine in engines)
                    {
                        var m = await engine.ConvertAsync(photo, operation);
                        samples[engine].Add(m);
                        csv.AppendLine(CultureInfo.InvariantCulture, $"{operation.Name},\"{engine.Label(operation)}\",{photo.Name},{photo.Megapixels:F3},{run},{m.WallMs:F2},{m.CpuMs:F1},{m.Bytes},{m.Width},{m.Height}");
                    }
                }
                foreach (var (engine, list) in samples)
                {
                    results[engine].Add(new PhotoResult(photo, Stats.Median(list.Select(m => m.WallMs)), Stats.Median(list.Select(m => m.CpuMs)),
                        list.Average(m => (double)m.Bytes), list[0].Width, list[0].Height));
                }
                Console.Error.WriteLine($"  {operation.Name} {photo.Name}: " + string.Join(", ", engines.Select(e => $"{e.Label(operation)} {results[e][^1].WallMs:F0} ms")));
                WarnOnSizeMismatch(operation, photo, engines, results);
            }
            AppendTable(report, operation, engines, results);
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"load average at the end: {MachineInfo.LoadAverage()}");
        Console.WriteLine(report);
        if (args.String("csv") is { } csvPath)
        {
            await File.WriteAllTextAsync(csvPath, csv.ToString());
            Console.WriteLine($"every run: {csvPath}");
        }
        return 0;
    }

    private static void AppendTable(StringBuilder report, BenchOperation operation, List<IEngine> engines, Dictionary<IEngine, List<PhotoResult>> results)
    {
        var baseline = results[engines[0]];
        var baselineMs = Stats.Median(baseline.Select(r => r.WallMs));
        var baselineBytes = baseline.Average(r => r.Bytes);
        report.AppendLine("| operation | engine | median ms/image | median CPU ms | MP/s | mean bytes | time × PixTools | bytes × PixTools | PixTools faster on |");
        report.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var engine in engines)
        {
            var rows = results[engine];
            var ms = Stats.Median(rows.Select(r => r.WallMs));
            var megapixelsPerSecond = rows.Sum(r => r.Photo.Megapixels) / (rows.Sum(r => r.WallMs) / 1000);
            var bytes = rows.Average(r => r.Bytes);
            var faster = engine == engines[0] ? "" : $"{rows.Zip(baseline).Count(p => p.Second.WallMs <= p.First.WallMs)}/{rows.Count}";
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {operation.Name} | {engine.Label(operation)} | {ms:F1} | {Stats.Median(rows.Select(r => r.CpuMs)):F0} | {megapixelsPerSecond:F1} | {bytes:F0} | {ms / baselineMs:F2} | {bytes / baselineBytes:F2} | {faster} |");
        }
        report.AppendLine();
    }

    private static void WarnOnSizeMismatch(BenchOperation operation, Photo photo, List<IEngine> engines, Dictionary<IEngine, List<PhotoResult>> results)
    {
        var expected = results[engines[0]][^1];
        foreach (var engine in engines.Skip(1))
        {
            var r = results[engine][^1];
            if (Math.Abs(r.Width - expected.Width) > 1 || Math.Abs(r.Height - expected.Height) > 1)
            {
                Console.Error.WriteLine($"  warning: {engine.Label(operation)} made {r.Width}x{r.Height} from {photo.Name}, PixTools {expected.Width}x{expected.Height}");
            }
        }
    }
}
