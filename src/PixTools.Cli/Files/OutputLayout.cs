namespace PixTools.Cli.Files;

/// <summary>
/// Where a source's outputs go under --out: the same relative folder, the same name with the output's extension
/// (photos/a.jpg → OUT/photos/a.webp). Sources that would share a name (a.jpg and a.png) keep their full name
/// instead (a.jpg.webp, a.png.webp), decided over the whole set so every run picks the same names.
/// </summary>
public sealed class OutputLayout(string root)
{
    private readonly Dictionary<string, string> claimedBy = new(StringComparer.Ordinal);
    private readonly HashSet<string> shared = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>Tells the layout about the sources up front so that name clashes among them are known.</summary>
    public void Claim(IEnumerable<SourceFile> sources)
    {
        lock (gate)
        {
            foreach (var source in sources) ClaimOne(source.RelativePath);
        }
    }

    /// <summary>The output's path relative to <see cref="Root"/>.</summary>
    public string RelativeOutput(SourceFile source, string extension)
    {
        lock (gate)
        {
            var stem = Stem(source.RelativePath);
            ClaimOne(source.RelativePath);
            return (shared.Contains(stem) ? source.RelativePath : stem) + "." + extension;
        }
    }

    public string FullPath(string relativeOutput) => Path.Combine(Root, relativeOutput);

    private void ClaimOne(string relativePath)
    {
        var stem = Stem(relativePath);
        if (!claimedBy.TryAdd(stem, relativePath) && claimedBy[stem] != relativePath) shared.Add(stem);
    }

    private static string Stem(string relativePath) =>
        Path.Combine(Path.GetDirectoryName(relativePath) ?? "", Path.GetFileNameWithoutExtension(relativePath));
}
