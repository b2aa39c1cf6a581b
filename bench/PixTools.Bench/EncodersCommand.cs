using System.Diagnostics;
using NetVips;
using PixTools.Operations;
using PixTools.Operations.Convert;
using PixTools.Operations.Convert.Quality;
using PixTools.Operations.Vips;

namespace PixTools.Bench;

/// <summary>
/// <c>encoders</c>: the PNG and JPEG encoder tuning on the <see cref="QualityCorpus"/>, each photo's pixels encoded
/// directly (no decode or resize in the time). PNG: the previous setting (zlib 6, no filter), the configured one
/// (Imaging:PngCompression, Imaging:PngAdaptiveFilter) and ImageMagick's default PNG on the same pixels. JPEG: plain
/// progressive q80 against mozjpeg trellis (Imaging:JpgTrellis) at the lowest quality reaching the same SSIMULACRA 2,
/// and ImageMagick's q80 with its score. <c>--only png|jpg</c> runs one of the two; <c>--png-grid</c> prints every zlib level ×
/// filter instead.
/// </summary>
internal static class EncodersCommand
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var options = PixToolsEngine.ConfiguredOptions();
        VipsSetup.Apply(options);
        var corpus = QualityCorpus.Build(args);
        var runs = args.Int("runs", 3);
        var magick = await MagickEngine.StartAsync(args.String("magick"), args.String("magick-cpus"));
        Console.WriteLine($"encoders: {MachineInfo.Describe()}; {corpus.Count} photos; runs {runs}; {magick.Version}; CPU ms are medians (ImageMagick: its process' CPU less the start-up's wall time)");
        var folder = Directory.CreateTempSubdirectory("pixtools-bench-encoders-").FullName;
        try
        {
            if (args.Flag("png-grid")) return PngGrid(corpus, runs);
            var only = args.String("only");
            if (only is null or "png") Png(corpus, options, runs, magick, folder);
            if (only is null or "jpg") Jpeg(corpus, options, runs, magick, folder);
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
            magick.Dispose();
        }
    }

    private static void Png(IReadOnlyList<QualityCorpus.Entry> corpus, ImagingOptions options, int runs, MagickEngine magick, string folder)
    {
        var old = new ImagingOptions { PngCompression = 6, PngAdaptiveFilter = false };
        long oldBytes = 0, newBytes = 0, imBytes = 0;
        double oldMs = 0, newMs = 0, imMs = 0, checkMs = 0;
        var noLarger = 0;
        Console.WriteLine();
        Console.WriteLine($"PNG: before (zlib 6, no filter, always RGB) → now (zlib {options.PngCompression}, adaptive filter {options.PngAdaptiveFilter}, grey pictures as one band; its time includes the grey check on the source file) against ImageMagick's default (-quality 75: zlib 7, adaptive)");
        Console.WriteLine("| photo | px | before bytes | before CPU ms | now bytes | now CPU ms | ImageMagick bytes | ImageMagick CPU ms | now × IM bytes |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var photo in corpus)
        {
            var (before, beforeCpu, _) = AutoQualityCommand.Time(runs, () => VipsEncoder.EncodeWith(photo.Pixels, ImageFormats.Png, EncodeSettings.Default, old));
            // What ConvertOperation does: a thumbnail of the source file says whether the picture may be grey; if so the
            // pixels (here already in memory) are checked whole and a grey one is written as one band.
            var source = File.ReadAllBytes(photo.File);
            var (_, checkCpu, _) = AutoQualityCommand.Time(runs, () => GreyBands.MayBeGrey(source));
            checkMs += checkCpu;
            var (now, nowCpu, _) = AutoQualityCommand.Time(runs, () => GreyBands.MayBeGrey(source)
                ? TunedEncoders.GreyPng(photo.Pixels, null, options, Enums.ForeignKeep.None)
                : VipsEncoder.EncodeWith(photo.Pixels, ImageFormats.Png, EncodeSettings.Default, options));
            var (im, imCpu) = Magick(magick, photo, folder, "png", [], runs);
            oldBytes += before.Length; newBytes += now.Length; imBytes += im;
            oldMs += beforeCpu; newMs += nowCpu; imMs += imCpu;
            if (now.Length <= im) noLarger++;
            Console.WriteLine($"| {photo.Name} | {photo.Pixels.Width}x{photo.Pixels.Height} | {before.Length:N0} | {beforeCpu:F0} | {now.Length:N0} | {nowCpu:F0} | {im:N0} | {imCpu:F0} | {(double)now.Length / im:F3} |");
        }
        Console.WriteLine($"| **total** | | {oldBytes:N0} | {oldMs:F0} | {newBytes:N0} | {newMs:F0} | {imBytes:N0} | {imMs:F0} | {(double)newBytes / imBytes:F3} |");
        Console.WriteLine($"PNG summary: before × IM bytes {(double)oldBytes / imBytes:F2}; now × IM bytes {(double)newBytes / imBytes:F3} (no larger on {noLarger}/{corpus.Count}); now × before time {newMs / oldMs:F2}; now × IM time {newMs / imMs:F2}; of now's CPU, the grey check of the source files took {checkMs:F0} ms");
    }

    private static void Jpeg(IReadOnlyList<QualityCorpus.Entry> corpus, ImagingOptions options, int runs, MagickEngine magick, string folder)
    {
        var plain = new ImagingOptions { JpgTrellis = false };
        var tuned = new ImagingOptions { JpgTrellis = true };
        long plainBytes = 0, tunedBytes = 0, imBytes = 0;
        double plainMs = 0, tunedMs = 0, imMs = 0, plainScore = 0, tunedScore = 0, imScore = 0;
        Console.WriteLine();
        Console.WriteLine("JPEG: plain progressive q80 (optimised Huffman) → mozjpeg trellis + quant table 3 at the lowest quality with no lower SSIMULACRA 2; ImageMagick -quality 80 -interlace Plane");
        Console.WriteLine("| photo | plain q80 bytes | score | CPU ms | trellis quality | bytes | score | CPU ms | bytes × plain | ImageMagick q80 bytes | score | CPU ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var photo in corpus)
        {
            var reference = Ssimulacra2Reference.Create(photo.Pixels);
            var (p, pCpu, _) = AutoQualityCommand.Time(runs, () => VipsEncoder.EncodeWith(photo.Pixels, ImageFormats.Jpeg, new EncodeSettings(80), plain));
            var pScore = AutoQualityCommand.Score(reference, p);
            // The lowest trellis quality whose score is no lower than plain q80's (scores rise with quality).
            int lo = 60, hi = 95;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                var s = AutoQualityCommand.Score(reference, VipsEncoder.EncodeWith(photo.Pixels, ImageFormats.Jpeg, new EncodeSettings(mid), tuned));
                if (s >= pScore) hi = mid; else lo = mid + 1;
            }
            var (t, tCpu, _) = AutoQualityCommand.Time(runs, () => VipsEncoder.EncodeWith(photo.Pixels, ImageFormats.Jpeg, new EncodeSettings(lo), tuned));
            var tScore = AutoQualityCommand.Score(reference, t);
            var (im, imCpu) = Magick(magick, photo, folder, "jpg", ["-quality", "80", "-interlace", "Plane", "-define", "jpeg:optimize-coding=true"], runs);
            var imS = AutoQualityCommand.Score(reference, File.ReadAllBytes(Path.Combine(folder, "out.jpg")));
            plainBytes += p.Length; tunedBytes += t.Length; imBytes += im;
            plainMs += pCpu; tunedMs += tCpu; imMs += imCpu;
            plainScore += pScore; tunedScore += tScore; imScore += imS;
            Console.WriteLine($"| {photo.Name} | {p.Length:N0} | {pScore:F2} | {pCpu:F0} | q{lo} | {t.Length:N0} | {tScore:F2} | {tCpu:F0} | {(double)t.Length / p.Length:F3} | {im:N0} | {imS:F2} | {imCpu:F0} |");
        }
        var n = corpus.Count;
        Console.WriteLine($"| **total / mean** | {plainBytes:N0} | {plainScore / n:F2} | {plainMs:F0} | | {tunedBytes:N0} | {tunedScore / n:F2} | {tunedMs:F0} | {(double)tunedBytes / plainBytes:F3} | {imBytes:N0} | {imScore / n:F2} | {imMs:F0} |");
        Console.WriteLine($"JPEG summary: trellis at equal SSIMULACRA 2 writes {(double)tunedBytes / plainBytes:F3}× plain q80's bytes in {tunedMs / plainMs:F2}× its CPU time; vs ImageMagick q80: {(double)tunedBytes / imBytes:F3}× bytes");
    }

    /// <summary>ImageMagick's output bytes and median CPU ms for the photo's pixels (written once as an uncompressed PNG).</summary>
    private static (long Bytes, double CpuMs) Magick(MagickEngine magick, QualityCorpus.Entry photo, string folder, string ext, string[] settings, int runs)
    {
        var input = Path.Combine(folder, "in.png");
        photo.Pixels.Pngsave(input, compression: 0, keep: Enums.ForeignKeep.None);
        var output = Path.Combine(folder, "out." + ext);
        var cpu = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var before = ChildCpuMs();
            var start = new ProcessStartInfo("/usr/bin/convert", ["-limit", "thread", "1", input, "-strip", .. settings, $"{ext}:{output}"]);
            using var process = Process.Start(start)!;
            process.WaitForExit();
            if (process.ExitCode != 0) throw new InvalidOperationException($"convert failed on {photo.Name}");
            cpu.Add(Math.Max(0, ChildCpuMs() - before - magick.StartupMs));
        }
        return (new FileInfo(output).Length, cpu.Order().ElementAt(runs / 2));
    }

    private static double ChildCpuMs()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[13]) + long.Parse(fields[14])) * 10.0;
    }

    private static int PngGrid(IReadOnlyList<QualityCorpus.Entry> corpus, int runs)
    {
        var filters = new[] { Enums.ForeignPngFilter.None, Enums.ForeignPngFilter.Sub, Enums.ForeignPngFilter.Up, Enums.ForeignPngFilter.Paeth, Enums.ForeignPngFilter.All };
        Console.WriteLine("| level | filter | total bytes | total CPU ms |");
        Console.WriteLine("|---:|---|---:|---:|");
        for (var level = 1; level <= 9; level++)
        {
            foreach (var filter in filters)
            {
                long bytes = 0; double ms = 0;
                foreach (var photo in corpus)
                {
                    var (b, cpu, _) = AutoQualityCommand.Time(runs, () => photo.Pixels.PngsaveBuffer(compression: level, filter: filter, keep: Enums.ForeignKeep.None));
                    bytes += b.Length; ms += cpu;
                }
                Console.WriteLine($"| {level} | {filter} | {bytes:N0} | {ms:F0} |");
            }
        }
        return 0;
    }
}
