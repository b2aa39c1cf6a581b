namespace PixTools.Operations.Convert.Quality;

/// <summary>
/// What the automatic-quality search assumes about one format's quality scale before it measures anything: the
/// quality that usually reaches a SSIMULACRA 2 target (a straight line fitted on the bench corpus at 1920 px), how
/// many score points one quality step usually adds near the targets, the quality range searched, and the probe size.
/// The search measures the real curve of each image; a good guess only saves probes.
/// </summary>
internal sealed record AutoQualityModel(int MinQuality, int MaxQuality, double Slope, double GuessAt60, double GuessAt90, long ProbePixels, int MaxProbes,
    double MosaicBias)
{
    // Read off score-against-quality curves of 14 corpus photos (bench auto-quality --curve, 1024 px): about the median
    // quality reaching SSIMULACRA 2 60 and 90, and the typical slope between 70 and 85. JPEG's curve jumps at q90,
    // where libvips stops subsampling chroma; the search's probes see that, the straight line does not.
    //
    // MosaicBias: how much higher a probe mosaic scores than the whole image at the same quality; the search aims a
    // mosaic at the target plus this. JPEG: a mosaic of 128-pixel tiles scored 1.7 to 4.2 (mean 3.2) points above the
    // whole 1920-pixel image on storm, friends and colorfulcups at q60 and q80 (its seams are strong edges in both
    // images, which dilute the error maps, and its coarse scales see less of the picture). WebP: aimed with JPEG's 3,
    // the whole images landed 2.3 (good) and 3.6 (eco) points above the target on average over the 32-image bench
    // corpus; aimed with 0.5, 1.7 above: WebP's mosaic scores lower than the whole image, by 1.2 on average (but
    // photo by photo anywhere from −6 to +5: the mosaic is a rough guide for WebP). AVIF: aimed with JPEG's 3, the whole
    // images landed 1.3 above the target on average: 1.7.
    private static readonly AutoQualityModel Jpeg = new(10, 98, 0.6, 55, 93, 100_000, 3, 3.0);
    private static readonly AutoQualityModel Webp = new(10, 100, 0.8, 52, 97, 150_000, 4, -1.2);
    private static readonly AutoQualityModel Avif = new(10, 100, 0.6, 45, 88, 250_000, 4, 1.7);

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
