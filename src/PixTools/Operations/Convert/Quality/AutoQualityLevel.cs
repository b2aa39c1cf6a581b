namespace PixTools.Operations.Convert.Quality;

/// <summary>
/// How good an automatically chosen quality must look: the SSIMULACRA 2 score the encoded image must reach against
/// the (resized) source. Each format has its own scale
/// (<see cref="AutoQualityLevels.Target(AutoQualityLevel, ImageFormat)"/>): a level means "as good as this format's own
/// default quality on a typical photo", shifted by a fixed step per level. Written in a recipe as <c>"auto"</c>
/// (= <see cref="Good"/>), <c>"auto:best"</c>, <c>"auto:good"</c>, <c>"auto:eco"</c> or <c>"auto:low"</c>;
/// <see cref="AutoQualityLevels"/> parses them and gives each level's target.
/// </summary>
public enum AutoQualityLevel
{
    /// <summary>Good + 10.5 (JPEG 88): hard to tell from the source even side by side (about JPEG q92 on typical photos).</summary>
    Best,

    /// <summary>
    /// The default <c>auto</c>: the score the format's fixed default quality reaches on average over the bench corpus
    /// at 1920 px, rounded up to half a point (JPEG q80: 77.3, so 77.5; WebP q80: 73.1, so 73.5; AVIF q60: 72.8, so 73);
    /// hard photos get a higher quality, easy ones a lower.
    /// </summary>
    Good,

    /// <summary>Good − 7.5 (JPEG 70): high quality, artefacts visible only when looked for (about JPEG q70).</summary>
    Eco,

    /// <summary>Good − 17.5 (JPEG 60): medium-high quality for thumbnails and previews (about JPEG q55).</summary>
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

    /// <summary>
    /// The SSIMULACRA 2 score an output in <paramref name="format"/> at <paramref name="level"/> must reach: the format's
    /// <see cref="AutoQualityLevel.Good"/> score plus the level's step. The same numbers for every image.
    /// </summary>
    /// <remarks>
    /// Good per format is the mean score of the format's fixed default quality over the 32-image bench corpus (bench
    /// auto-quality, bench/README.md), rounded up to half a point: JPEG q80 77.34 → 77.5, WebP q80 73.13 → 73.5. WebP's
    /// scale is lower because WebP always subsamples colour and smooths more at the same quality number; AVIF q60 72.80
    /// → 73.
    /// </remarks>
    public static double Target(AutoQualityLevel level, ImageFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        var good = format.Operation switch
        {
            OperationNames.Jpg => 77.5,
            OperationNames.Webp => 73.5,
            OperationNames.Avif => 73.0,
            _ => throw new ArgumentException($"{format.Operation} has no quality scale", nameof(format)),
        };
        return good + level switch
        {
            AutoQualityLevel.Best => 10.5,
            AutoQualityLevel.Good => 0,
            AutoQualityLevel.Eco => -7.5,
            AutoQualityLevel.Low => -17.5,
            _ => throw new ArgumentOutOfRangeException(nameof(level), level, "not an automatic-quality level"),
        };
    }
}
