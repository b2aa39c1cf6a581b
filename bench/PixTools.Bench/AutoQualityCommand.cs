using System.Diagnostics;
using NetVips;
using PixTools.Operations;
using PixTools.Operations.Convert;
using PixTools.Operations.Convert.Quality;
using PixTools.Operations.Vips;

namespace PixTools.Bench;

/// <summary>
/// <c>auto-quality</c>: per format, the fixed default quality against <c>auto:LEVEL</c> (AutoQualitySearch) on the
/// <see cref="QualityCorpus"/>: total bytes, mean and worst SSIMULACRA 2 of the output against the image it encodes
/// (always measured on the whole image), and time. <c>--curve</c> prints score against quality per photo instead (the
/// data behind AutoQualityModel).
/// </summary>
internal static class AutoQualityCommand
{
    public static Task<int> RunAsync(BenchArgs args)
    {
        var options = PixToolsEngine.ConfiguredOptions();
        VipsSetup.Apply(options);
        var corpus = QualityCorpus.Build(args);
        var formats = (args.String("formats") ?? "jpg,webp,avif").Split(',').Select(f => ImageFormats.ForOperation(f) ?? throw new ArgumentException($"unknown format {f}")).ToList();
        var levels = (args.String("levels") ?? "good").Split(',').Select(l => AutoQualityLevels.TryParse("auto:" + l, out var level) ? level : throw new ArgumentException($"unknown level {l}")).ToList();
        var runs = args.Int("runs", 1);
        Console.WriteLine($"auto-quality: {MachineInfo.Describe()}; {corpus.Count} photos; runs {runs}; JpgTrellis {options.JpgTrellis}, AVIF effort {options.AvifEffort} tune {options.AvifTune}");
        if (args.Flag("curve")) return Task.FromResult(Curve(corpus, formats, options));
        if (args.String("curve-csv") is { } csv) return Task.FromResult(CurveCsv(corpus, formats, options, csv));
        if (args.String("oracle") is { } oracle)
        {
            foreach (var format in formats) AutoQualityOracle.Run(corpus, format, double.Parse(oracle, System.Globalization.CultureInfo.InvariantCulture), options);
            return Task.FromResult(0);
        }
        foreach (var format in formats)
        {
            var limit = format == ImageFormats.Avif ? args.Int("avif-limit", corpus.Count) : corpus.Count;
            var photos = corpus.Take(limit).ToList();
            byte[] Encode(Image image, int q) => VipsEncoder.EncodeWith(image, format, new EncodeSettings(q), options);
            // As ConvertOperation: JPEG may choose full-resolution colour (4:4:4) below q90.
            Func<Image, int, byte[]>? fullChroma = format == ImageFormats.Jpeg && !args.Flag("no-chroma")
                ? (image, q) => VipsEncoder.EncodeWith(image, format, new EncodeSettings(q, FullChroma: true), options)
                : null;
            var fixedQuality = options.DefaultQuality(format)!.Value;
            var rows = new List<(string Mode, List<Result> Results)> { ($"fixed q{fixedQuality}", []) };
            rows.AddRange(levels.Select(l => (AutoQualityLevels.Name(l), new List<Result>())));
            var fullChromaCount = new int[levels.Count];
            foreach (var photo in photos)
            {
                var reference = Ssimulacra2Reference.Create(photo.Pixels);
                var (fixedBytes, fixedCpu, fixedWall) = Time(runs, () => Encode(photo.Pixels, fixedQuality));
                var fixedResult = new Result(photo.Name, fixedQuality, fixedBytes.Length, Score(reference, fixedBytes), fixedWall, fixedCpu, fixedCpu, 0);
                rows[0].Results.Add(fixedResult);
                for (var i = 0; i < levels.Count; i++)
                {
                    var (choice, cpu, wall) = Time(runs, () => AutoQualitySearch.Choose(photo.Pixels, format, levels[i], Encode, fullChroma));
                    var result = new Result(photo.Name, choice.Quality, choice.Encoded.Length, Score(reference, choice.Encoded), wall, cpu, fixedCpu, choice.Probes);
                    rows[i + 1].Results.Add(result);
                    if (choice.FullChroma) fullChromaCount[i]++;
                    if (args.Flag("verbose"))
                        Console.WriteLine($"  {format.Extension} {photo.Name} {photo.Pixels.Width}x{photo.Pixels.Height}: fixed {fixedResult.Bytes} B {fixedResult.Score:F1}; {AutoQualityLevels.Name(levels[i])} q{choice.Quality}{(choice.FullChroma ? " 4:4:4" : "")} {result.Bytes} B {result.Score:F1} (est. {choice.Score:F1}, {choice.Probes} probes) cpu {cpu:F0}/{fixedCpu:F0} ms");
                }
            }
            Print(format, rows);
            Console.WriteLine($"targets: {string.Join(", ", levels.Select((l, i) => $"{AutoQualityLevels.Name(l)} {AutoQualityLevels.Target(l, format)} ({fullChromaCount[i]} photos at 4:4:4 below q90)"))}; load average {MachineInfo.LoadAverage()}");
        }
        return Task.FromResult(0);
    }

    private sealed record Result(string Photo, int Quality, long Bytes, double Score, double WallMs, double CpuMs, double FixedCpuMs, int Probes);

    private static void Print(ImageFormat format, List<(string Mode, List<Result> Results)> rows)
    {
        var baseline = rows[0].Results;
        Console.WriteLine();
        Console.WriteLine($"{format.Extension}, {baseline.Count} photos:");
        Console.WriteLine("| mode | total bytes | bytes × fixed | mean SSIMULACRA 2 | worst | photos below fixed's worst | quality range | mean CPU ms | CPU × fixed (median, max) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        var worstFixed = baseline.Min(r => r.Score);
        foreach (var (mode, results) in rows)
        {
            var bytes = results.Sum(r => r.Bytes);
            var ratios = results.Select(r => r.CpuMs / r.FixedCpuMs).Order().ToList();
            Console.WriteLine($"| {mode} | {bytes:N0} | {(double)bytes / baseline.Sum(r => r.Bytes):F3} | {results.Average(r => r.Score):F2} | {results.Min(r => r.Score):F2} ({results.MinBy(r => r.Score)!.Photo}) | {results.Count(r => r.Score < worstFixed)} | q{results.Min(r => r.Quality)}–q{results.Max(r => r.Quality)} | {results.Average(r => r.CpuMs):F0} | {ratios[ratios.Count / 2]:F2}, {ratios[^1]:F2} |");
        }
    }

    private static int Curve(IReadOnlyList<QualityCorpus.Entry> corpus, List<ImageFormat> formats, ImagingOptions options)
    {
        int[] qualities = [20, 30, 40, 50, 60, 70, 75, 80, 85, 90, 95];
        foreach (var format in formats)
        {
            Console.WriteLine($"| {format.Extension} photo | " + string.Join(" | ", qualities.Select(q => $"q{q}")) + " |");
            foreach (var photo in corpus)
            {
                var reference = Ssimulacra2Reference.Create(photo.Pixels);
                var scores = qualities.Select(q => Score(reference, VipsEncoder.EncodeWith(photo.Pixels, format, new EncodeSettings(q), options)));
                Console.WriteLine($"| {photo.Name} | " + string.Join(" | ", scores.Select(s => s.ToString("F1"))) + " |");
            }
        }
        return 0;
    }

    /// <summary>
    /// <c>--curve-csv FILE</c>: per photo, format and colour mode (JPEG: libvips' rule and 4:4:4), the bytes and the
    /// whole-image SSIMULACRA 2 at qualities 20..98 (step 2 from 60): the data to study how bytes are best spread.
    /// </summary>
    private static int CurveCsv(IReadOnlyList<QualityCorpus.Entry> corpus, List<ImageFormat> formats, ImagingOptions options, string path)
    {
        var qualities = Enumerable.Range(2, 5).Select(i => i * 10).Concat(Enumerable.Range(30, 20).Select(i => i * 2)).Append(98).ToList();
        using var writer = new StreamWriter(path);
        writer.WriteLine("format,photo,pixels,full_chroma,quality,bytes,score");
        foreach (var format in formats)
            foreach (var photo in corpus)
            {
                var reference = Ssimulacra2Reference.Create(photo.Pixels);
                foreach (var full in format == ImageFormats.Jpeg ? new[] { false, true } : [false])
                    foreach (var q in qualities)
                    {
                        var bytes = VipsEncoder.EncodeWith(photo.Pixels, format, new EncodeSettings(q, FullChroma: full), options);
                        writer.WriteLine(FormattableString.Invariant($"{format.Extension},{photo.Name},{(long)photo.Pixels.Width * photo.Pixels.Height},{full},{q},{bytes.Length},{Score(reference, bytes):F3}"));
                    }
                writer.Flush();
                Console.WriteLine($"{format.Extension} {photo.Name} done");
            }
        return 0;
    }

    internal static double Score(Ssimulacra2Reference reference, byte[] encoded)
    {
        using var decoded = Image.NewFromBuffer(encoded);
        return reference.Score(decoded);
    }

    /// <summary>The last result and the median CPU and wall milliseconds of <paramref name="runs"/> runs.</summary>
    internal static (T Result, double CpuMs, double WallMs) Time<T>(int runs, Func<T> work)
    {
        var cpu = new List<double>();
        var wall = new List<double>();
        T result = default!;
        var process = Process.GetCurrentProcess();
        for (var i = 0; i < runs; i++)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            result = work();
            wall.Add(clock.Elapsed.TotalMilliseconds);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpu0).TotalMilliseconds);
        }
        return (result, cpu.Order().ElementAt(runs / 2), wall.Order().ElementAt(runs / 2));
    }
}
