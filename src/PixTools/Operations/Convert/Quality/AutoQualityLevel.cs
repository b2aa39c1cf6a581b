namespace PixTools.Operations.Convert.Quality;

/// <summary>
/// How good an automatically chosen quality must look: the SSIMULACRA 2 score the encoded image must reach against
/// the (resized) source. Written in a recipe as <c>"auto"</c> (= <see cref="Good"/>), <c>"auto:best"</c>,
/// <c>"auto:good"</c>, <c>"auto:eco"</c> or <c>"auto:low"</c>; <see cref="AutoQualityLevels"/> parses them and gives
/// each level's target.
/// </summary>
public enum AutoQualityLevel
{
    /// <summary>SSIMULACRA 2 ≥ 88: hard to tell from the source even side by side (about JPEG q92 on typical photos).</summary>
    Best,

    /// <summary>
    /// SSIMULACRA 2 ≥ 77 (the default <c>auto</c>): the score the fixed defaults (JPEG q80, WebP q80) reach on a typical
    /// photo (the median of the bench corpus at 1920 px); hard photos get a higher quality, easy ones a lower.
    /// </summary>
    Good,

    /// <summary>SSIMULACRA 2 ≥ 70: high quality, artefacts visible only when looked for (about JPEG q70).</summary>
    Eco,

    /// <summary>SSIMULACRA 2 ≥ 60: medium-high quality for thumbnails and previews (about JPEG q55).</summary>
    Low,
}

/// <summary>Parsing and targets of <see cref="AutoQualityLevel"/>.</summary>
public static class AutoQualityLevels
{
    /// <summary>Every spelling <see cref="TryParse"/> accepts, for error messages and docs.</summary>
    public static readonly IReadOnlyList<string> Names = ["auto", "auto:best", "auto:good", "auto:eco", "auto:low"];

    /// <summary>
    /// Reads <c>auto</c>, <c>auto:best</c>, <c>auto:good</c>, <c>auto:eco</c> or <c>auto:low</c> (lower case, as the API
    /// spells them); anything else is false.
    /// </summary>
    public static bool TryParse(string? text, out AutoQualityLevel level)
    {
        (var ok, level) = text switch
        {
            "auto" or "auto:good" => (true, AutoQualityLevel.Good),
            "auto:best" => (true, AutoQualityLevel.Best),
            "auto:eco" => (true, AutoQualityLevel.Eco),
            "auto:low" => (true, AutoQualityLevel.Low),
            _ => (false, AutoQualityLevel.Good),
        };
        return ok;
    }

    /// <summary>The recipe spelling of <paramref name="level"/> (<c>auto:good</c>).</summary>
    public static string Name(AutoQualityLevel level) => "auto:" + level.ToString().ToLowerInvariant();

    /// <summary>The SSIMULACRA 2 score an output at <paramref name="level"/> must reach.</summary>
    public static double Target(AutoQualityLevel level) => level switch
    {
        AutoQualityLevel.Best => 88,
        AutoQualityLevel.Good => 77,
        AutoQualityLevel.Eco => 70,
        AutoQualityLevel.Low => 60,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "not an automatic-quality level"),
    };
}
