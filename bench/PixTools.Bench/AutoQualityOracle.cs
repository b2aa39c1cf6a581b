using NetVips;
using PixTools.Operations;
using PixTools.Operations.Convert;
using PixTools.Operations.Convert.Quality;
using PixTools.Operations.Vips;

namespace PixTools.Bench;

/// <summary>
/// <c>auto-quality --oracle T</c>: what an exact search could reach. Per photo, the lowest quality whose whole-image
/// SSIMULACRA 2 reaches <c>T</c> (binary search on the whole image, no probes), in each encoder mode (JPEG: libvips'
/// chroma rule and full chroma 4:4:4; the smaller wins), against the fixed default: the bound on what auto can save.
/// </summary>
internal static class AutoQualityOracle
{
    public static int Run(IReadOnlyList<QualityCorpus.Entry> corpus, ImageFormat format, double target, ImagingOptions options)
    {
        var fixedQ = options.DefaultQuality(format)!.Value;
        var modes = format == ImageFormats.Jpeg ? new[] { false, true } : [false];
        long fixedBytes = 0, bestBytes = 0, plainBytes = 0;
        double fixedSum = 0, bestSum = 0, fixedMin = 100, bestMin = 100;
        Console.WriteLine($"| {format.Extension} photo | fixed q{fixedQ} bytes | score | " + string.Join(" | ", modes.Select(m => m ? "4:4:4 q, bytes, score" : "default q, bytes, score")) + " |");
        foreach (var photo in corpus)
        {
            var reference = Ssimulacra2Reference.Create(photo.Pixels);
            var f = VipsEncoder.EncodeWith(photo.Pixels, format, new EncodeSettings(fixedQ), options);
            var fs = AutoQualityCommand.Score(reference, f);
            var found = modes.Select(full => Lowest(photo.Pixels, format, target, full, reference, options)).ToList();
            var best = found.MinBy(r => r.Bytes.Length)!;
            fixedBytes += f.Length; bestBytes += best.Bytes.Length; plainBytes += found[0].Bytes.Length;
            fixedSum += fs; bestSum += best.Score; fixedMin = Math.Min(fixedMin, fs); bestMin = Math.Min(bestMin, best.Score);
            Console.WriteLine($"| {photo.Name} | {f.Length:N0} | {fs:F1} | " + string.Join(" | ", found.Select(r => $"q{r.Q} {r.Bytes.Length:N0} {r.Score:F1}")) + " |");
        }
        var n = corpus.Count;
        Console.WriteLine($"oracle {format.Extension} target {target}: fixed {fixedBytes:N0} B mean {fixedSum / n:F2} min {fixedMin:F2}; default mode {(double)plainBytes / fixedBytes:F3}× ; best mode {bestBytes:N0} B = {(double)bestBytes / fixedBytes:F3}× mean {bestSum / n:F2} min {bestMin:F2}");
        return 0;
    }

    private sealed record Found(int Q, byte[] Bytes, double Score);

    private static Found Lowest(Image image, ImageFormat format, double target, bool fullChroma, Ssimulacra2Reference reference, ImagingOptions options)
    {
        int lo = 10, hi = 100;
        Found? best = null;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            var bytes = VipsEncoder.EncodeWith(image, format, new EncodeSettings(mid, FullChroma: fullChroma), options);
            var score = AutoQualityCommand.Score(reference, bytes);
            if (score >= target) { hi = mid; best = new(mid, bytes, score); }
            else lo = mid + 1;
        }
        if (best is null || best.Q != lo)
        {
            var bytes = VipsEncoder.EncodeWith(image, format, new EncodeSettings(lo, FullChroma: fullChroma), options);
            best = new(lo, bytes, AutoQualityCommand.Score(reference, bytes));
        }
        return best;
    }
}
