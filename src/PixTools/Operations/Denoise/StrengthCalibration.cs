namespace PixTools.Operations.Denoise;

/// <summary>
/// The factor between the noise level the estimator reads and the strength <c>auto</c> gives the denoiser
/// (docs/denoise.md, "strength = auto"; tools/denoise/evaluate.py <c>strength_scale</c>, the same knots). Measured on
/// the held-out photos (python3-skimage's and mate-backgrounds' nature photos, multiples 0.7–2.5 of the estimate per
/// photo and noise): at the level it reads, the network smoothed noise saved losslessly a little too much (best at
/// 0.7× up to a level of 6 — a photo's own grain, signal-dependent noise —, 0.85× from 12 to 30, 1.0× from 45 on) and
/// noise that went through JPEG too little, the more so the lower the quality (1.3× at quality 60, 1.2× at 75, 1.1× at
/// 85, 0.9× from 92 on).
/// </summary>
public static class StrengthCalibration
{
    private static readonly (double At, double Factor)[] LosslessKnots = [(6, 0.7), (12, 0.85), (30, 0.85), (45, 1.0)];
    private static readonly (double At, double Factor)[] JpegKnots = [(60, 1.3), (75, 1.2), (85, 1.1), (92, 0.9)];

    /// <summary>
    /// The factor for an estimated <paramref name="level"/> (0–255 scale) of pixels decoded from a JPEG of
    /// <paramref name="jpegQuality"/> at its own size, or from any other picture (null): the level's factor, and for
    /// a JPEG at least its quality's.
    /// </summary>
    public static double Factor(double level, int? jpegQuality)
    {
        var lossless = Interpolate(LosslessKnots, level);
        return jpegQuality is { } quality ? Math.Max(lossless, Interpolate(JpegKnots, quality)) : lossless;
    }

    // Piecewise linear through the knots, constant beyond the first and the last (numpy's interp).
    private static double Interpolate((double At, double Factor)[] knots, double x)
    {
        if (x <= knots[0].At) return knots[0].Factor;
        for (var i = 1; i < knots.Length; i++)
        {
            if (x <= knots[i].At)
            {
                var (a, b) = (knots[i - 1], knots[i]);
                return a.Factor + (b.Factor - a.Factor) * (x - a.At) / (b.At - a.At);
            }
        }
        return knots[^1].Factor;
    }
}
