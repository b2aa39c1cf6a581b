using System.Globalization;
using PixTools.Operations.Vips;
using PixTools.Operations;

namespace PixTools.Bench;

/// <summary>
/// <c>avif-match</c>: PixTools' AVIF against ImageMagick's on the same pixels. Each photo is first resized to
/// <c>--width</c> by PixTools' own PNG conversion (lossless, sRGB, no metadata); both engines then encode that one PNG
/// without resizing, so their outputs differ only by the AVIF encoding (the resampling kernels differ between
/// engines and change the bytes a picture needs, most on upscaled photos). ImageMagick encodes at <c>--quality</c>;
/// each PixTools encoder (every <c>--efforts</c> × <c>--tunes</c>) is compared with it three ways: at the same quality
/// number, and at the lowest quality whose PSNR (RGB), then whose SSIM (luma), reaches ImageMagick's (bisection
/// over 1..100). Times are medians of <c>--runs</c>; ImageMagick's process start-up is subtracted. <c>--magick-cpus 0</c>
/// pins ImageMagick to one core (its AV1 encoder otherwise runs several threads whatever <c>-limit thread</c> says).
/// </summary>
internal static class AvifMatchCommand
{
    private sealed record Encoded(int Quality, double Psnr, double Ssim, Measurement Measurement);

    private sealed record Competitor(string Label, PixToolsEngine Engine);

    private static readonly string[] Criteria = ["same quality", "same PSNR", "same SSIM"];

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var folders = args.All("photos") is { Count: > 0 } given ? given : [RepoPaths.Photos];
        var photos = Photo.LoadFolders(folders);
        var quality = args.Int("quality", 50);
        var width = args.Int("width", 1920);
        var runs = args.Int("runs", 3);
        var configured = PixToolsEngine.ConfiguredOptions();
        var efforts = List(args.String("efforts"), configured.AvifEffort.ToString(CultureInfo.InvariantCulture)).Select(e => int.Parse(e, CultureInfo.InvariantCulture));
        var tunes = List(args.String("tunes"), configured.AvifTune);
        var competitors = (from tune in tunes from effort in efforts
                           select new Competitor($"PixTools effort {effort} {tune}", new PixToolsEngine(With(PixToolsEngine.ConfiguredOptions(), effort, tune)))).ToList();
        var resizer = new PixToolsEngine(configured);
        var avif = new BenchOperation($"avif q{quality}", ImageFormats.Avif, quality, null);
        var folder = Directory.CreateTempSubdirectory("pixtools-avif-match-").FullName;

        using var magick = await MagickEngine.StartAsync(args.String("magick"), args.String("magick-cpus"));
        Console.WriteLine($"avif-match: {MachineInfo.Describe()}");
        Console.WriteLine($"{magick.Version}; ImageMagick at -quality {quality}; {photos.Count} photos resized to {width} wide by PixTools (lossless PNG), then encoded by both; "
            + $"median of {runs} runs; ImageMagick {(args.String("magick-cpus") is { } cpus ? $"pinned to cores {cpus}" : "on any core")}, "
            + $"PixTools with {configured.ThreadsPerImage} libvips thread(s) per image (also its AV1 encoder's threads)");
        Console.WriteLine();
        Console.WriteLine("| photo | engine | matched on | quality | PSNR dB | SSIM | bytes | ms | CPU ms | bytes × IM | time × IM | CPU × IM |");
        Console.WriteLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");

        var ratios = new Dictionary<(string Label, string Criterion), List<(double Bytes, double Time, double Cpu)>>();
        try
        {
            foreach (var photo in photos)
            {
                var input = await ResizedAsync(resizer, photo, width, folder);
                var reference = BenchPixels.Decoded(input.Bytes);
                var im = await MagickAsync(magick, input, reference, avif, runs);
                Print(photo.Name, "ImageMagick", "", im, im);

                foreach (var competitor in competitors)
                {
                    var matches = new[]
                    {
                        await TimedAsync(competitor.Engine, input, reference, avif, quality, runs),
                        await LowestQualityAsync(competitor.Engine, input, reference, avif, runs, e => e.Psnr >= im.Psnr),
                        await LowestQualityAsync(competitor.Engine, input, reference, avif, runs, e => e.Ssim >= im.Ssim),
                    };
                    for (var i = 0; i < Criteria.Length; i++)
                    {
                        var m = matches[i].Measurement;
                        var key = (competitor.Label, Criteria[i]);
                        if (!ratios.TryGetValue(key, out var list)) ratios[key] = list = [];
                        list.Add(((double)m.Bytes / im.Measurement.Bytes, m.WallMs / im.Measurement.WallMs, m.CpuMs / im.Measurement.CpuMs));
                        Print(photo.Name, competitor.Label, Criteria[i], matches[i], im);
                    }
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        Console.WriteLine();
        Console.WriteLine("| PixTools | matched on | median bytes × IM | median time × IM | median CPU × IM | photos no larger and no slower |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|");
        foreach (var ((label, criterion), list) in ratios)
        {
            var both = list.Count(r => r.Bytes <= 1 && r.Time <= 1);
            Console.WriteLine($"| {label} | {criterion} | {Stats.Median(list.Select(r => r.Bytes)):F2} | {Stats.Median(list.Select(r => r.Time)):F2} | {Stats.Median(list.Select(r => r.Cpu)):F2} | {both}/{list.Count} |");
        }
        Console.WriteLine();
        Console.WriteLine($"load average at the end: {MachineInfo.LoadAverage()}");
        return 0;
    }

    private static void Print(string photo, string engine, string criterion, Encoded e, Encoded im)
    {
        var (m, reference) = (e.Measurement, im.Measurement);
        Console.WriteLine($"| {photo} | {engine} | {criterion} | {e.Quality} | {e.Psnr:F2} | {e.Ssim:F4} | {m.Bytes} | {m.WallMs:F0} | {m.CpuMs:F0} "
            + $"| {(double)m.Bytes / reference.Bytes:F2} | {m.WallMs / reference.WallMs:F2} | {m.CpuMs / reference.CpuMs:F2} |");
    }

    /// <summary>PixTools' lossless PNG of the photo at <paramref name="width"/> wide, as a photo both engines read.</summary>
    private static async Task<Photo> ResizedAsync(PixToolsEngine engine, Photo photo, int width, string folder)
    {
        using var png = new MemoryStream();
        await engine.ConvertAsync(photo, new BenchOperation($"png {width}w", ImageFormats.Png, null, width), png);
        var path = Path.Combine(folder, Path.ChangeExtension(photo.Name, ".png"));
        await File.WriteAllBytesAsync(path, png.ToArray());
        return Photo.Load(path) ?? throw new InvalidOperationException($"{path} is not a PNG");
    }

    private static async Task<Encoded> MagickAsync(MagickEngine magick, Photo input, RgbPixels reference, BenchOperation avif, int runs)
    {
        var measurements = new List<Measurement>();
        for (var i = 0; i < runs; i++) measurements.Add(await magick.ConvertAsync(input, avif));
        var (psnr, ssim) = ImageSimilarity.Measure(await File.ReadAllBytesAsync(magick.OutputPath(avif)), reference);
        return new Encoded(avif.Quality!.Value, psnr, ssim, MedianOf(measurements));
    }

    /// <summary>Bisection over quality 1..100 for the lowest one that <paramref name="reaches"/> the target (both metrics rise with quality).</summary>
    private static async Task<Encoded> LowestQualityAsync(PixToolsEngine engine, Photo input, RgbPixels reference, BenchOperation avif, int runs, Func<Encoded, bool> reaches)
    {
        int low = 1, high = 100;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (reaches(await TimedAsync(engine, input, reference, avif, middle, runs: 1))) high = middle;
            else low = middle + 1;
        }
        return await TimedAsync(engine, input, reference, avif, high, runs);
    }

    private static async Task<Encoded> TimedAsync(PixToolsEngine engine, Photo input, RgbPixels reference, BenchOperation avif, int quality, int runs)
    {
        var measurements = new List<Measurement>();
        byte[] bytes = [];
        for (var i = 0; i < runs; i++)
        {
            using var destination = new MemoryStream();
            measurements.Add(await engine.ConvertAsync(input, avif with { Quality = quality }, destination));
            bytes = destination.ToArray();
        }
        var (psnr, ssim) = ImageSimilarity.Measure(bytes, reference);
        return new Encoded(quality, psnr, ssim, MedianOf(measurements));
    }

    private static Measurement MedianOf(IReadOnlyList<Measurement> runs) => runs[0] with
    {
        WallMs = Stats.Median(runs.Select(r => r.WallMs)),
        CpuMs = Stats.Median(runs.Select(r => r.CpuMs)),
    };

    private static IEnumerable<string> List(string? given, string fallback) =>
        (given ?? fallback).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static ImagingOptions With(ImagingOptions options, int effort, string tune)
    {
        options.AvifEffort = effort;
        options.AvifTune = tune;
        return options;
    }
}
