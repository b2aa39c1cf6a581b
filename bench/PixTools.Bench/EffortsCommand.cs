using PixTools.Operations.Vips;
using PixTools.Operations;

namespace PixTools.Bench;

/// <summary>
/// <c>efforts</c> (was bench/ConvertBench): PixTools' AVIF q50 at encoder efforts 0..4 on each photo, full size,
/// one run each: the measurements behind Imaging:AvifEffort's default.
/// </summary>
internal static class EffortsCommand
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var folders = args.All("photos") is { Count: > 0 } given ? given : [RepoPaths.Photos];
        var operation = new BenchOperation("avif q50", ImageFormats.Avif, 50, null);
        Console.WriteLine($"efforts: {MachineInfo.Describe()}");
        Console.WriteLine("| photo | MP | effort | ms | bytes |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var photo in Photo.LoadFolders(folders))
        {
            for (var effort = 0; effort <= 4; effort++)
            {
                var engine = new PixToolsEngine(new ImagingOptions { AvifEffort = effort });
                var m = await engine.ConvertAsync(photo, operation);
                Console.WriteLine($"| {photo.Name} | {photo.Megapixels:F2} | {effort} | {m.WallMs:F0} | {m.Bytes} |");
            }
        }
        return 0;
    }
}
