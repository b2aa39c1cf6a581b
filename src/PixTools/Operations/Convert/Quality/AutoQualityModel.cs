namespace PixTools.Operations.Convert.Quality;

/// <summary>
/// What the automatic-quality search assumes about one format's quality scale before it measures anything: the
/// quality that usually reaches a SSIMULACRA 2 target (a straight line fitted on the bench corpus at 1920 px), how
/// many score points one quality step usually adds near the targets, the quality range searched, and the probe size.
/// The search measures the real curve of each image; a good guess only saves probes.
/// </summary>
internal sealed record AutoQualityModel(int MinQuality, int MaxQuality, double Slope, double GuessAt60, double GuessAt90, long ProbePixels)
{
    // Fitted on the auto-quality bench corpus (tests' photos, crops and scales of them, skimage and GNOME photos, at
    // 1920 px): the median quality reaching SSIMULACRA 2 60 and 90, and the median slope between 70 and 85.
    private static readonly AutoQualityModel Jpeg = new(10, 98, 0.55, 35, 93, 160_000);
    private static readonly AutoQualityModel Webp = new(10, 100, 0.45, 45, 95, 200_000);
    private static readonly AutoQualityModel Avif = new(10, 100, 0.55, 40, 92, 250_000);

    /// <summary>The model of a lossy format: jpg, webp or avif.</summary>
    public static AutoQualityModel For(ImageFormat format) => format.Operation switch
    {
        OperationNames.Jpg => Jpeg,
        OperationNames.Webp => Webp,
        OperationNames.Avif => Avif,
        _ => throw new ArgumentException($"{format.Operation} has no quality scale to search", nameof(format)),
    };

    /// <summary>The first quality to probe for <paramref name="target"/>.</summary>
    public int Guess(double target)
    {
        var q = GuessAt60 + (target - 60) * (GuessAt90 - GuessAt60) / 30;
        return Math.Clamp((int)Math.Round(q), MinQuality, MaxQuality);
    }
}
