namespace PixTools.Cli.Requests;

/// <summary>
/// What the user asked of every file: the target formats, quality, resize and denoise; or a <see cref="Recipe"/> of
/// named outputs (--outputs), which replaces all of them.
/// </summary>
public sealed record ConversionOptions(IReadOnlyList<string> Formats, QualitySpec? Quality, ResizeSpec? Resize, bool Denoise, RecipeSpec? Recipe = null)
{
    public static readonly string[] KnownFormats = ["jpg", "png", "webp", "avif"];

    /// <summary>--to webp,avif as format names (jpeg means jpg), or a plain sentence saying what is wrong.</summary>
    public static (IReadOnlyList<string> Formats, string? Error) ParseFormats(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return ([], null);
        var formats = new List<string>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var name = part.ToLowerInvariant() is "jpeg" ? "jpg" : part.ToLowerInvariant();
            if (!KnownFormats.Contains(name)) return ([], $"--to takes {string.Join(", ", KnownFormats)}; '{part}' is not one of them.");
            if (!formats.Contains(name)) formats.Add(name);
        }
        return (formats, null);
    }
}
