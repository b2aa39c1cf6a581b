using NetVips;

namespace PixTools.Bench;

/// <summary>
/// The photo corpus of <c>auto-quality</c> and <c>encoders</c>, built at run time (nothing is stored in the repository):
/// the <c>--photos</c> folders, plus with <c>--debian</c> the photographs of installed Debian packages (python3-skimage's
/// data folder, mate-backgrounds' nature set, plasma-workspace-wallpapers; whichever are installed). Each photo is
/// oriented, made 8-bit sRGB without alpha, and fitted into <c>--width</c> (1920) square, never enlarged; a photo at least
/// twice that size also gives a 1:1 crop from its centre (<c>name@crop</c>), whose pixels keep the camera's detail.
/// </summary>
internal static class QualityCorpus
{
    private static readonly string[] Skimage = ["astronaut.png", "hubble_deep_field.jpg", "ihc.png", "motorcycle_left.png", "retina.jpg"];
    private const string SkimageDir = "/usr/lib/python3/dist-packages/skimage/data";
    private const string MateNature = "/usr/share/backgrounds/mate/nature";
    private static readonly string[] Plasma = ["Autumn", "BytheWater", "Canopee", "ColdRipple", "DarkestHour", "EveningGlow", "FallenLeaf", "Path"];
    private const string PlasmaDir = "/usr/share/wallpapers";

    /// <summary>One corpus image: its pixels and the file they came from (what a conversion would be given).</summary>
    public sealed record Entry(string Name, Image Pixels, string File);

    public static IReadOnlyList<Entry> Build(BenchArgs args)
    {
        var width = args.Int("width", 1920);
        var files = new List<string>();
        var folders = args.All("photos") is { Count: > 0 } given ? given : [RepoPaths.Photos];
        foreach (var folder in folders) files.AddRange(Photo.LoadFolders([folder]).Select(p => p.Path));
        if (args.Flag("debian"))
        {
            files.AddRange(Skimage.Select(f => Path.Combine(SkimageDir, f)).Where(File.Exists));
            if (Directory.Exists(MateNature))
                files.AddRange(Directory.EnumerateFiles(MateNature, "*.jpg").Where(f => !f.EndsWith("Storm.jpg", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
            foreach (var name in Plasma)
            {
                var dir = Path.Combine(PlasmaDir, name, "contents", "images");
                if (!Directory.Exists(dir)) continue;
                var largest = Directory.EnumerateFiles(dir).MaxBy(f => new FileInfo(f).Length);
                if (largest is not null) files.Add(largest);
            }
        }
        var entries = new List<Entry>();
        foreach (var file in files)
        {
            var name = file.Contains("/wallpapers/", StringComparison.Ordinal)
                ? file.Split('/')[^4]
                : Path.GetFileNameWithoutExtension(file);
            using var loaded = Image.NewFromFile(file);
            using var oriented = loaded.Autorot();
            using var rgb = Srgb8(oriented);
            using var fitted = rgb.ThumbnailImage(width, height: width, size: Enums.Size.Down);
            entries.Add(new Entry(name, fitted.CopyMemory(), file));
            if (rgb.Width >= 2 * width && rgb.Height >= width)
            {
                var h = Math.Min(rgb.Height, width * 2 / 3);
                using var crop = rgb.Crop((rgb.Width - width) / 2, (rgb.Height - h) / 2, width, h);
                entries.Add(new Entry(name + "@crop", crop.CopyMemory(), file));
            }
        }
        if (args.Int("limit", 0) is > 0 and var limit) return entries.Take(limit).ToList();
        return entries;
    }

    private static Image Srgb8(Image image)
    {
        var current = image.Interpretation == Enums.Interpretation.Srgb ? image.Copy() : image.Colourspace(Enums.Interpretation.Srgb);
        if (current.HasAlpha())
        {
            var flat = current.Flatten(background: [255, 255, 255]);
            current.Dispose();
            current = flat;
        }
        if (current.Format != Enums.BandFormat.Uchar)
        {
            var cast = current.Cast(Enums.BandFormat.Uchar);
            current.Dispose();
            current = cast;
        }
        return current;
    }
}
