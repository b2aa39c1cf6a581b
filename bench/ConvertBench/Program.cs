// Times ConvertOperation on each photo given, for every target, with the default ImagingOptions, and AVIF at
// efforts 0..4 (skipped with --no-efforts). Usage: dotnet run -c Release --project bench/ConvertBench -- photo.jpg [...]
// A 12 MP input can be made with: vips resize colorfulcups-exif-gps.jpg 12mp.jpg 1.7116
using System.Diagnostics;
using Microsoft.Extensions.Options;
using PixTools.Intake;
using PixTools.Operations;

var defaults = new ImagingOptions();
VipsSetup.Apply(defaults);
var efforts = !args.Contains("--no-efforts");
foreach (var path in args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)))
{
    var source = File.ReadAllBytes(path);
    var format = FormatSniffer.Sniff(source) ?? throw new InvalidOperationException($"{path}: not jpg/png/webp/avif");
    foreach (var target in ImageFormats.All.Where(t => t != format))
    {
        var runs = target == ImageFormats.Avif ? 1 : 3;
        await Time($"{Path.GetFileName(path)} -> {target.Extension}", target, defaults, source, format, runs);
    }
    for (var effort = 0; efforts && effort <= 4; effort++)
    {
        var options = new ImagingOptions { AvifEffort = effort };
        await Time($"{Path.GetFileName(path)} -> avif effort {effort}", ImageFormats.Avif, options, source, format, 1);
    }
}

static async Task Time(string label, ImageFormat target, ImagingOptions options, byte[] source, ImageFormat format, int runs)
{
    var operation = new ConvertOperation(target, Options.Create(options));
    var times = new List<double>();
    long bytes = 0;
    for (var run = 0; run < runs; run++)
    {
        using var destination = new MemoryStream();
        var clock = Stopwatch.StartNew();
        var output = await operation.RunAsync(new OperationInput(source, format, OperationParams.None), destination, CancellationToken.None);
        times.Add(clock.Elapsed.TotalMilliseconds);
        bytes = destination.Length;
        _ = output;
    }
    times.Sort();
    Console.WriteLine($"{label}: median {times[times.Count / 2]:F0} ms of {runs}, {bytes} bytes");
}
