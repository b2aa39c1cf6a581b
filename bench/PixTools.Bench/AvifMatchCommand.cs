using System.Globalization;
using PixTools.Operations;
using PixTools.Testing;

namespace PixTools.Bench;

/// <summary>
/// <c>avif-match</c>: PixTools' AVIF against ImageMagick's at the same picture quality. ImageMagick's <c>-quality</c>
/// and libheif's quality (which PixTools and sharp pass on) are different scales: at the same number ImageMagick
/// writes smaller, visibly worse files. So for each photo (resized to 1920 wide, as in <c>engines</c>) this measures
/// ImageMagick's PSNR at <c>--quality</c>, then finds for each PixTools encoder effort the lowest quality whose PSNR
/// is at least that high (bisection), and compares bytes and time there. Each engine's output is compared with its
/// own lossless PNG of the same resize, so only the AVIF encoding's loss is measured, not the resampling kernels'.
/// </summary>
internal static class AvifMatchCommand
{
    private sealed record Encoded(int Quality, double Psnr, Measurement Measurement);

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var folders = args.All("photos") is { Count: > 0 } given ? given : [RepoPaths.Photos];
        var photos = Photo.LoadFolders(folders);
        var magickQuality = args.Int("quality", 50);
        var efforts = (args.String("efforts") ?? "1,2,3,4").Split(',').Select(e => int.Parse(e, CultureInfo.InvariantCulture)).ToList();
        var width = args.Int("width", 1920);
        var avif = new BenchOperation($"avif q{magickQuality} {width}w", ImageFormats.Avif, magickQuality, width);
        var png = new BenchOperation($"png {width}w", ImageFormats.Png, null, width);

        using var magick = await MagickEngine.StartAsync(args.String("magick"));
        var engines = efforts.ToDictionary(e => e, e => new PixToolsEngine(WithEffort(PixToolsEngine.ConfiguredOptions(), e)));
        Console.WriteLine($"avif-match: {MachineInfo.Describe()}");
        Console.WriteLine($"{magick.Version}; ImageMagick at -quality {magickQuality}, PixTools efforts {string.Join(", ", efforts)} at the lowest quality reaching ImageMagick's PSNR; {photos.Count} photos, {width} wide, one thread each");
        Console.WriteLine();
        Console.WriteLine("| photo | engine | quality | PSNR dB | bytes | ms | CPU ms | bytes × IM | time × IM |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");

        var ratios = efforts.ToDictionary(e => e, _ => new List<(double Bytes, double Time)>());
        foreach (var photo in photos)
        {
            var im = await magick.ConvertAsync(photo, avif);
            var imPsnr = Psnr(File.ReadAllBytes(magick.OutputPath(avif)), await LosslessMagickAsync(magick, photo, png));
            Console.WriteLine($"| {photo.Name} | ImageMagick | {magickQuality} | {imPsnr:F2} | {im.Bytes} | {im.WallMs:F0} | {im.CpuMs:F0} | 1 | 1 |");

            var reference = await EncodeAsync(engines[efforts[0]], photo, png);
            foreach (var effort in efforts)
            {
                var match = await LowestQualityReachingAsync(engines[effort], photo, avif, reference, imPsnr);
                var m = match.Measurement;
                double bytesRatio = (double)m.Bytes / im.Bytes, timeRatio = m.WallMs / im.WallMs;
                ratios[effort].Add((bytesRatio, timeRatio));
                Console.WriteLine($"| {photo.Name} | PixTools effort {effort} | {match.Quality} | {match.Psnr:F2} | {m.Bytes} | {m.WallMs:F0} | {m.CpuMs:F0} | {bytesRatio:F2} | {timeRatio:F2} |");
            }
        }

        Console.WriteLine();
        Console.WriteLine("| PixTools effort | median bytes × ImageMagick | median time × ImageMagick | photos both smaller and faster |");
        Console.WriteLine("|---:|---:|---:|---:|");
        foreach (var (effort, list) in ratios)
        {
            var both = list.Count(r => r.Bytes <= 1 && r.Time <= 1);
            Console.WriteLine($"| {effort} | {Stats.Median(list.Select(r => r.Bytes)):F2} | {Stats.Median(list.Select(r => r.Time)):F2} | {both}/{list.Count} |");
        }
        Console.WriteLine();
        Console.WriteLine($"load average at the end: {MachineInfo.LoadAverage()}");
        return 0;
    }

    /// <summary>Bisection over quality 1..100 for the lowest one whose PSNR reaches <paramref name="target"/> (PSNR rises with quality).</summary>
    private static async Task<Encoded> LowestQualityReachingAsync(PixToolsEngine engine, Photo photo, BenchOperation avif, byte[] reference, double target)
    {
        async Task<Encoded> At(int quality)
        {
            var operation = avif with { Quality = quality };
            var (bytes, m) = await EncodeWithMeasurementAsync(engine, photo, operation);
            return new Encoded(quality, Psnr(bytes, reference), m);
        }

        var best = await At(100);
        if (best.Psnr < target) return best;
        int low = 1, high = 100;
        while (low < high)
        {
            var middle = (low + high) / 2;
            var tried = await At(middle);
            if (tried.Psnr >= target) { high = middle; best = tried; }
            else low = middle + 1;
        }
        return best.Quality == high ? best : await At(high);
    }

    private static async Task<byte[]> EncodeAsync(PixToolsEngine engine, Photo photo, BenchOperation operation) =>
        (await EncodeWithMeasurementAsync(engine, photo, operation)).Bytes;

    private static async Task<(byte[] Bytes, Measurement Measurement)> EncodeWithMeasurementAsync(PixToolsEngine engine, Photo photo, BenchOperation operation)
    {
        using var destination = new MemoryStream();
        var m = await engine.ConvertAsync(photo, operation, destination);
        return (destination.ToArray(), m);
    }

    private static async Task<byte[]> LosslessMagickAsync(MagickEngine magick, Photo photo, BenchOperation png)
    {
        await magick.ConvertAsync(photo, png);
        return File.ReadAllBytes(magick.OutputPath(png));
    }

    /// <summary>PSNR over the RGB values of two encoded images of one size (grey images are compared as sRGB).</summary>
    private static double Psnr(byte[] encoded, byte[] reference)
    {
        var a = BenchPixels.Decoded(encoded);
        var b = BenchPixels.Decoded(reference);
        if (a.Width != b.Width || a.Height != b.Height) throw new InvalidOperationException($"sizes differ: {a.Width}x{a.Height} vs {b.Width}x{b.Height}");
        return ImageQuality.Psnr(a.Rgb, b.Rgb);
    }

    private static ImagingOptions WithEffort(ImagingOptions options, int effort)
    {
        options.AvifEffort = effort;
        return options;
    }
}
