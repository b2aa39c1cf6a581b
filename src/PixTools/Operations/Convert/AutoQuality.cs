using NetVips;

namespace PixTools.Operations.Convert;

/// <summary>The perceptual quality levels of <c>"quality": "auto:…"</c>; <c>"auto"</c> is <see cref="Good"/>.</summary>
public static class AutoQualityLevels
{
    public const string Best = "best";
    public const string Good = "good";
    public const string Eco = "eco";
    public const string Low = "low";

    public static readonly IReadOnlyList<string> All = [Best, Good, Eco, Low];

    /// <summary>The level a wire value names (<c>auto</c>, <c>auto:best</c> …), or null when it names none.</summary>
    public static string? FromWire(string? value) => value switch
    {
        "auto" => Good,
        _ when value is not null && value.StartsWith("auto:", StringComparison.Ordinal) && All.Contains(value[5..]) => value[5..],
        _ => null,
    };
}

/// <summary>
/// Chooses, per image, the encoder quality for a perceptual level (the lowest quality whose encode scores the level's
/// target against the prepared image). The conversion hands it the finished pixels and a way to encode them at a
/// quality; it returns the quality to use. Registered only where a search is available; without one, intake
/// refuses <c>auto</c>.
/// </summary>
public interface IAutoQuality
{
    /// <summary>The quality 1..100 to encode <paramref name="prepared"/> as <paramref name="format"/> at <paramref name="level"/>.</summary>
    int Choose(Image prepared, ImageFormat format, string level, Func<Image, int, byte[]> encode);
}
