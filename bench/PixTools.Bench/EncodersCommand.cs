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
/// (Imaging:PngCompression, Imaging:PngAdaptiveFilter, Imaging:PngFilters) and ImageMagick's default PNG on the same pixels. JPEG: plain
/// progressive q80 against mozjpeg trellis (Imaging:JpgTrellis) at the lowest quality reaching the same SSIMULACRA 2,
/// and ImageMagick's q80 with its score. <c>--only png|jpg</c> runs one of the two; <c>--png-grid</c> prints zlib levels ×
/// filter sets instead (<see cref="PngGrid"/>).
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
            if (args.Flag("png-grid"))
            {
                var magickBytes = corpus.Select(p => Magick(magick, p, folder, "png", [], 1).Bytes).ToList();
                if (args.Flag("per-photo")) Console.WriteLine("ImageMagick per photo: " + string.Join(" | ", corpus.Select((p, i) => $"{p.Name} {magickBytes[i]:N0}")));
                return PngGrid.Run(corpus, args, runs, magickBytes.Sum());
            }
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
        double oldMs = 0, newMs = 0, imMs = 0, checkMs = 0, probeMs = 0, thumbMs = 0;
        var noLarger = 0;
        Console.WriteLine();
        Console.WriteLine($"PNG: before (zlib 6, no filter, always RGB) → now (zlib {options.PngCompression}, adaptive filter {options.PngAdaptiveFilter} among {options.PngFilters}, grey pictures as one band, pictures of at most 256 colours with a palette; its time includes those checks: pixels up to {options.PngGreyCheckMaxPixels:N0} held in memory and checked, larger ones after a look at the source file) against ImageMagick's default (-quality 75: zlib 7, adaptive)");
        Console.WriteLine("| photo | px | before bytes | before CPU ms | now bytes | now CPU ms | ImageMagick bytes | ImageMagick CPU ms | now × IM bytes |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var photo in corpus)
        {
            var (before, beforeCpu, _) = AutoQualityCommand.Time(runs, () => VipsEncoder.EncodeWith(photo.Pixels, ImageFormats.Png, EncodeSettings.Default, old));
            // What ConvertOperation does: a picture up to Imaging:PngGreyCheckMaxPixels is held in memory (here: a copy of
            // the decoded pixels) and checked exactly; a larger one is checked only when a look at the source file says so.
            var source = File.ReadAllBytes(photo.File);
            var (_, checkCpu, _) = AutoQualityCommand.Time(runs, () => GreyCheck(photo, source, options));
            checkMs += checkCpu;
            var (_, probeCpu, _) = AutoQualityCommand.Time(runs, () => GreyBands.MayBeGrey(source));
            probeMs += probeCpu;
            var (_, thumbCpu, _) = AutoQualityCommand.Time(runs, () => ThumbnailProbe(source));
            thumbMs += thumbCpu;
            var (now, nowCpu, _) = AutoQualityCommand.Time(runs, () => NowPng(photo, source, options));
            var (im, imCpu) = Magick(magick, photo, folder, "png", [], runs);
            oldBytes += before.Length; newBytes += now.Length; imBytes += im;
            oldMs += beforeCpu; newMs += nowCpu; imMs += imCpu;
            if (now.Length <= im) noLarger++;
            Console.WriteLine($"| {photo.Name} | {photo.Pixels.Width}x{photo.Pixels.Height} | {before.Length:N0} | {beforeCpu:F0} | {now.Length:N0} | {nowCpu:F0} | {im:N0} | {imCpu:F0} | {(double)now.Length / im:F3} |");
        }
        Console.WriteLine($"| **total** | | {oldBytes:N0} | {oldMs:F0} | {newBytes:N0} | {newMs:F0} | {imBytes:N0} | {imMs:F0} | {(double)newBytes / imBytes:F3} |");
        Console.WriteLine($"PNG summary: before × IM bytes {(double)oldBytes / imBytes:F2}; now × IM bytes {(double)newBytes / imBytes:F3} (no larger on {noLarger}/{corpus.Count}); now × before time {newMs / oldMs:F2}; now × IM time {newMs / imMs:F2}; of now's CPU, the grey check took {checkMs:F0} ms (the source-file look a picture over Imaging:PngGreyCheckMaxPixels gets: {probeMs:F0} ms for all 7; session 6's check, a 64-px thumbnail of every source: {thumbMs:F0} ms)");
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

    /// <summary>ConvertOperation's PNG encode of finished pixels, grey check included (<see cref="GreyCheck"/>).</summary>
    private static byte[] NowPng(QualityCorpus.Entry photo, byte[] source, ImagingOptions options)
    {
        if (GreyBands.HoldForCheck(photo.Pixels, options.PngGreyCheckMaxPixels))
        {
            // The service's pixels come from a decoding pipeline: copying a pipeline over the decoded pixels into memory costs what holding them does.
            using var pipeline = photo.Pixels.Copy();
            using var held = pipeline.CopyMemory();
            return TunedEncoders.CompactPng(held, null, options, Enums.ForeignKeep.None);
        }
        return GreyBands.MayBeGrey(source)
            ? TunedEncoders.CompactPng(photo.Pixels, null, options, Enums.ForeignKeep.None)
            : VipsEncoder.EncodeWith(photo.Pixels, ImageFormats.Png, EncodeSettings.Default, options);
    }

    /// <summary>The grey check alone, as in <see cref="NowPng"/>: the held copy and its exact check, or the look at the source.</summary>
    private static bool GreyCheck(QualityCorpus.Entry photo, byte[] source, ImagingOptions options)
    {
        if (!GreyBands.HoldForCheck(photo.Pixels, options.PngGreyCheckMaxPixels)) return GreyBands.MayBeGrey(source);
        using var pipeline = photo.Pixels.Copy();
        using var held = pipeline.CopyMemory();
        using var grey = GreyBands.TryGrey(held, Enums.ForeignKeep.None);
        return grey is not null;
    }

    /// <summary>Session 6's grey check, for comparison: a 64-px thumbnail of the source, grey when its bands are equal.</summary>
    private static bool ThumbnailProbe(byte[] source)
    {
        using var small = Image.ThumbnailBuffer(source, 64, height: 64);
        if (small.Bands < 3) return true;
        using var r = small.ExtractBand(0);
        using var g = small.ExtractBand(1);
        using var b = small.ExtractBand(2);
        return r.Equal(g).Min() > 0 && r.Equal(b).Min() > 0;
    }

    private static double ChildCpuMs()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[13]) + long.Parse(fields[14])) * 10.0;
    }
}
