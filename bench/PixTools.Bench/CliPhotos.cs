using NetVips;

namespace PixTools.Bench;

/// <summary>
/// The CLI bench's input: N photos made from the test photos at varied sizes (long side 480 to 2400 px), mostly
/// JPEG with every fifth small one as PNG, in 20-photo subfolders, so a run has a tree to mirror.
/// </summary>
internal static class CliPhotos
{

    public static (long Bytes, int Files) Make(string sourceFolder, string target, int count)
    {
        var sources = Directory.EnumerateFiles(sourceFolder).Where(f => f.EndsWith(".jpg", StringComparison.Ordinal) || f.EndsWith(".png", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        if (sources.Count == 0) throw new InvalidOperationException($"no .jpg or .png photos in {sourceFolder}");
        long bytes = 0;
        for (var i = 0; i < count; i++)
        {
            // Every photo its own long side in 480..2400 (389 and 1921 are coprime): no two files are alike, so a client that
            // recognises a file it already sent (the CLI's Idempotency-Key is its hash) saves nothing it should not.
            var longSide = 480 + i * 389 % 1921;
            using var original = Image.NewFromFile(sources[i % sources.Count]);
            using var upright = original.Autorot();
            using var resized = upright.Resize((double)longSide / Math.Max(upright.Width, upright.Height));
            var png = i % 5 == 4 && longSide <= 1200;
            var path = Path.Combine(target, $"set{i / 20:00}", $"photo{i:000}.{(png ? "png" : "jpg")}");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (png) resized.Pngsave(path);
            else resized.Jpegsave(path, q: 88);
            bytes += new FileInfo(path).Length;
        }
        return (bytes, count);
    }

    /// <summary>The photos to start from: --photos, else PIXTOOLS_TESTDATA, else tests/testdata/photos, else the shared folder beside the repository.</summary>
    public static string SourceFolder(BenchArgs args)
    {
        if (args.String("photos") is { } given) return given;
        if (Environment.GetEnvironmentVariable("PIXTOOLS_TESTDATA") is { Length: > 0 } fromEnvironment) return fromEnvironment;
        var inRepository = Path.Combine(RepoPaths.Root, "tests", "testdata", "photos");
        return Directory.Exists(inRepository) ? inRepository : RepoPaths.Photos;
    }
}
