namespace PixTools.Operations.Convert.Quality;

/// <summary>
/// Keeps an automatic quality from writing more bytes than the upload when the output is the upload again, in its own
/// format and at its own size (a JPEG recompressed as JPEG, a WebP as WebP). The upload's pixels already carry its
/// compression artefacts, and the search scores the output against those pixels, so a high target on an already
/// compressed photo (a web JPEG at q60 asked for <c>auto:best</c>) would otherwise spend up to twice the upload's bytes
/// copying its artefacts faithfully: a recompression that is larger than what it recompresses serves no one.
/// </summary>
internal static class SourceSizeCap
{
    /// <summary>Most extra whole-image encodes spent finding a quality that fits.</summary>
    public const int MaxEncodes = 4;

    /// <summary>How much log(bytes) one quality step usually moves for JPEG, WebP and AVIF between q50 and q95 (the first guess).</summary>
    private const double LogBytesPerStep = 0.025;

    /// <summary>How far under the cap (in log bytes, 2 %) a step down aims, so that a flat curve is crossed in one step.</summary>
    private const double Margin = 0.02;

    /// <summary>
    /// <paramref name="chosen"/> when its bytes fit in <paramref name="maxBytes"/>; otherwise the highest quality below it,
    /// down to <paramref name="minQuality"/>, whose encode fits, found in at most <see cref="MaxEncodes"/> encodes by a
    /// secant search on log(bytes) (when none of them fits, the smallest of them).
    /// </summary>
    public static (int Quality, byte[] Encoded) Fit(int chosen, byte[] encoded, long maxBytes, int minQuality, Func<int, byte[]> encode)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        ArgumentNullException.ThrowIfNull(encode);
        if (encoded.LongLength <= maxBytes || chosen <= minQuality) return (chosen, encoded);
        var tried = new SortedDictionary<int, byte[]> { [chosen] = encoded };
        var target = Math.Log(maxBytes);
        var quality = Math.Clamp(chosen - (int)Math.Ceiling((Math.Log(encoded.LongLength) - target) / LogBytesPerStep), minQuality, chosen - 1);
        for (var i = 0; i < MaxEncodes && !tried.ContainsKey(quality); i++)
        {
            tried[quality] = encode(quality);
            if (Next(tried, maxBytes, target, minQuality) is not { } next) break;
            quality = next;
        }
        var fits = tried.Where(t => t.Value.LongLength <= maxBytes).ToList();
        var best = fits.Count > 0 ? fits.MaxBy(t => t.Key) : tried.MinBy(t => t.Value.LongLength);
        return (best.Key, best.Value);
    }

    /// <summary>The next quality to try: between the highest that fits and the lowest that does not, or further down.</summary>
    private static int? Next(SortedDictionary<int, byte[]> tried, long maxBytes, double target, int minQuality)
    {
        var fit = tried.Where(t => t.Value.LongLength <= maxBytes).Select(t => (int?)t.Key).Max();
        var over = tried.Where(t => t.Value.LongLength > maxBytes).Min(t => t.Key);
        if (fit is { } f)
        {
            if (over - f <= 1) return null;
            // Secant between the two on log(bytes): the highest quality expected to fit.
            var (lf, lo) = (Math.Log(tried[f].LongLength), Math.Log(tried[over].LongLength));
            var q = lo > lf ? f + (int)Math.Floor((target - lf) * (over - f) / (lo - lf)) : f + 1;
            return Math.Clamp(q, f + 1, over - 1);
        }
        // Nothing fits yet: step further down along the slope between the two lowest tried (the curve flattens at lower
        // qualities, so the local slope, not the whole span's), aiming a little under the cap.
        if (over <= minQuality) return null;
        var slope = LogBytesPerStep;
        if (tried.Count >= 2)
        {
            var (q0, q1) = (tried.Keys.First(), tried.Keys.Skip(1).First());
            var measured = (Math.Log(tried[q1].LongLength) - Math.Log(tried[q0].LongLength)) / (q1 - q0);
            if (measured > 0) slope = measured;
        }
        var down = (int)Math.Ceiling((Math.Log(tried[over].LongLength) - target + Margin) / slope);
        return Math.Clamp(over - Math.Max(down, 1), minQuality, over - 1);
    }
}
