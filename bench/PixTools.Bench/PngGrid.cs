using NetVips;
using PixTools.Operations.Vips;

namespace PixTools.Bench;

/// <summary>
/// <c>encoders --png-grid</c>: libvips' PNG saver at every zlib level in <c>--levels</c> (default 1-9) × every filter
/// set in <c>--filters</c> (default <c>none,sub,up,paeth,all</c>; a set joins names with <c>+</c>, e.g.
/// <c>up+paeth</c>: libpng then picks per row among those only). Grey pictures stored as colour are written as one band,
/// as the service does (the grey check itself is not in these times). Each row: total bytes and × ImageMagick's
/// (one untimed ImageMagick run per photo), summed median CPU ms and × before (zlib 6, no filter, RGB: timed in the
/// same run after one untimed warm-up encode per photo).
/// </summary>
internal static class PngGrid
{
    public static int Run(IReadOnlyList<QualityCorpus.Entry> corpus, BenchArgs args, int runs, long magickBytes)
    {
        var levels = Levels(args.String("levels") ?? "1-9");
        var filters = (args.String("filters") ?? "none,sub,up,paeth,all").Split(',').Select(Filter).ToList();
        var written = corpus.Select(p => GreyBands.TryGrey(p.Pixels, Enums.ForeignKeep.None) ?? p.Pixels).ToList();
        long beforeBytes = 0; double beforeMs = 0;
        foreach (var photo in corpus)
        {
            // One untimed encode first (JIT, libvips' first use), then the timed runs.
            photo.Pixels.PngsaveBuffer(compression: 6, filter: Enums.ForeignPngFilter.None, keep: Enums.ForeignKeep.None);
            var (b, cpu, _) = AutoQualityCommand.Time(runs, () => photo.Pixels.PngsaveBuffer(compression: 6, filter: Enums.ForeignPngFilter.None, keep: Enums.ForeignKeep.None));
            beforeBytes += b.Length; beforeMs += cpu;
        }
        Console.WriteLine($"ImageMagick bytes {magickBytes:N0}; before (zlib 6, no filter, RGB) {beforeBytes:N0} bytes, {beforeMs:F0} CPU ms");
        Console.WriteLine("| level | filter | total bytes | × IM | total CPU ms | × before |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|");
        foreach (var level in levels)
        {
            foreach (var (name, filter) in filters)
            {
                long bytes = 0; double ms = 0;
                var each = new List<string>();
                foreach (var image in written)
                {
                    var (b, cpu, _) = AutoQualityCommand.Time(runs, () => image.PngsaveBuffer(compression: level, filter: filter, keep: Enums.ForeignKeep.None));
                    bytes += b.Length; ms += cpu;
                    each.Add($"{b.Length:N0} {cpu:F0}");
                }
                var perPhoto = args.Flag("per-photo") ? " " + string.Join(" | ", each) + " |" : "";
                Console.WriteLine($"| {level} | {name} | {bytes:N0} | {(double)bytes / magickBytes:F3} | {ms:F0} | {ms / beforeMs:F2} |{perPhoto}");
            }
        }
        return 0;
    }

    private static List<int> Levels(string text) => text.Split(',').SelectMany(part => part.Split('-') is [var a, var b]
        ? Enumerable.Range(int.Parse(a), int.Parse(b) - int.Parse(a) + 1)
        : [int.Parse(part)]).ToList();

    private static (string Name, Enums.ForeignPngFilter Filter) Filter(string spec)
    {
        var value = 0;
        foreach (var part in spec.Split('+'))
        {
            value |= (int)Enum.Parse<Enums.ForeignPngFilter>(part, ignoreCase: true);
        }
        return (spec, (Enums.ForeignPngFilter)value);
    }
}
