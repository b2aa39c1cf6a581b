using NetVips;

namespace PixTools.Operations.Convert.Quality;

/// <summary>What <see cref="AutoQualitySearch"/> picked for one image.</summary>
/// <param name="Quality">The encoder quality used for <paramref name="Encoded"/> (1..100).</param>
/// <param name="Encoded">The whole image encoded at <paramref name="Quality"/>.</param>
/// <param name="Score">
/// SSIMULACRA 2 of the output against the source: measured on the whole image when it was small enough to probe whole
/// (<paramref name="Exact"/>), otherwise estimated from the probe mosaic (typically within ±2 of the whole image's).
/// </param>
/// <param name="Exact">Whether <paramref name="Score"/> was measured on the whole image.</param>
/// <param name="Probes">How many probe encodes the search made (the final encode not counted).</param>
/// <param name="FullChroma">JPEG: whether the output keeps colour at full resolution (4:4:4) below q90.</param>
public sealed record AutoQualityChoice(int Quality, byte[] Encoded, double Score, bool Exact, int Probes, bool FullChroma = false);

/// <summary>
/// Perceptual automatic quality: for one image and one lossy format (jpg, webp, avif), the lowest encoder quality whose
/// SSIMULACRA 2 against the image reaches the level's target (<see cref="AutoQualityLevels.Target"/>).
/// <para>
/// Cost is bounded: the search encodes, decodes and scores a probe of about <see cref="AutoQualityModel.ProbePixels"/>
/// pixels (<see cref="ProbeMosaic"/>: full-resolution tiles, or the whole image when it is that small), at most
/// <see cref="MaxProbes"/> times, starting from a per-format guess and moving along a per-format quality→score slope,
/// then interpolating between the probes that bracket the target; then it encodes the whole image once. On the bench
/// corpus at 1920 px that is 1.5–2.5× the time of one fixed-quality encode (bench auto-quality).
/// </para>
/// <para>
/// Usage (the caller owns encoding, so its encoder settings — effort, chroma, keep — apply to probes and output
/// alike): <c>AutoQualitySearch.Choose(resized, ImageFormats.Webp, AutoQualityLevel.Good, (img, q) => Encode(img, q))</c>.
/// The image must already be what will be written: resized, sRGB, 8-bit, alpha as the format keeps it.
/// </para>
/// </summary>
public static class AutoQualitySearch
{
    /// <summary>Most probe encodes per image on a mosaic probe (JPEG 3, whose encodes are cheapest; WebP and AVIF 4).</summary>
    public const int MaxProbes = 4;

    /// <summary>Most probe encodes when the image is small enough to probe whole: then the answer is exact.</summary>
    public const int MaxWholeProbes = 6;

    /// <summary>
    /// Picks the quality for <paramref name="image"/> in <paramref name="format"/> at <paramref name="level"/> (the
    /// format's own target, <see cref="AutoQualityLevels.Target(AutoQualityLevel, ImageFormat)"/>) and returns the whole
    /// image encoded with it. <paramref name="encode"/> encodes an image at a quality (1..100) and must be deterministic;
    /// it is called up to <see cref="MaxProbes"/> times on the probe and once on the image. For JPEG,
    /// <paramref name="fullChroma"/> (the same encoder keeping colour at full resolution, 4:4:4) lets the search avoid
    /// the jump in JPEG's scale at q90, where libvips stops subsampling colour: a picture that 4:2:0 cannot bring to the
    /// target below q90 is searched on the 4:4:4 curve below q90 instead (fewer bytes than q90 and up, which are 4:4:4
    /// anyway).
    /// </summary>
    public static AutoQualityChoice Choose(Image image, ImageFormat format, AutoQualityLevel level, Func<Image, int, byte[]> encode,
        Func<Image, int, byte[]>? fullChroma = null) =>
        Choose(image, format, AutoQualityLevels.Target(level, format), encode, fullChroma);

    /// <summary>The same for an explicit SSIMULACRA 2 <paramref name="target"/> (about 30..95).</summary>
    public static AutoQualityChoice Choose(Image image, ImageFormat format, double target, Func<Image, int, byte[]> encode,
        Func<Image, int, byte[]>? fullChroma = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(encode);
        var model = AutoQualityModel.For(format);
        var (probe, whole) = ProbeMosaic.Build(image, model.ProbePixels);
        using (probe)
        {
            if (!whole) target += model.MosaicBias;
            Ssimulacra2Reference reference;
            using (var scorable = Scorable(probe)) reference = Ssimulacra2Reference.Create(scorable);
            var maxProbes = whole ? MaxWholeProbes : model.MaxProbes;
            var probes = new SortedDictionary<int, (double Score, byte[] Bytes)>();
            Search(probes, model.Guess(target), maxProbes, encode, probe, reference, target, model);
            var (chosen, score) = Decide(probes, target, model);
            var count = probes.Count;
            var full = false;
            if (fullChroma is not null && chosen >= FullChromaFrom)
            {
                // 4:2:0 did not reach the target below q90. From q90 up both modes are the same 4:4:4 encode, so those
                // probes seed the search along the 4:4:4 curve, which steps down from them.
                var fullProbes = new SortedDictionary<int, (double Score, byte[] Bytes)>(probes.Where(p => p.Key >= FullChromaFrom).ToDictionary());
                var start = fullProbes.Count == 0 ? chosen : Next(fullProbes, target, model) ?? chosen;
                Search(fullProbes, start, fullProbes.Count + (whole ? MaxWholeProbes : model.MaxProbes - 1), fullChroma, probe, reference, target, model);
                count += fullProbes.Count(p => !probes.ContainsKey(p.Key));
                var (fullChosen, fullScore) = Decide(fullProbes, target, model);
                if (fullChosen < chosen) (probes, chosen, score, full) = (fullProbes, fullChosen, fullScore, true);
            }
            if (whole && probes.TryGetValue(chosen, out var exact)) return new(chosen, exact.Bytes, exact.Score, true, count, full);
            // The mosaic's estimate, brought back to the whole image's scale.
            var encoded = (full ? fullChroma! : encode)(image, chosen);
            return new(chosen, encoded, whole ? score : score - model.MosaicBias, false, count, full);
        }
    }

    /// <summary>libvips' JPEG saver subsamples colour (4:2:0) below this quality and keeps it whole (4:4:4) from it.</summary>
    private const int FullChromaFrom = 90;

    /// <summary>Probes from <paramref name="quality"/> until the probes settle the answer or <paramref name="maxProbes"/> are made.</summary>
    private static void Search(SortedDictionary<int, (double Score, byte[] Bytes)> probes, int quality, int maxProbes,
        Func<Image, int, byte[]> encode, Image probe, Ssimulacra2Reference reference, double target, AutoQualityModel model)
    {
        while (probes.Count < maxProbes && !probes.ContainsKey(quality))
        {
            var bytes = encode(probe, quality);
            probes[quality] = (ScoreOf(reference, bytes), bytes);
            if (Next(probes, target, model) is not { } next) break;
            quality = next;
        }
    }

    private static double ScoreOf(Ssimulacra2Reference reference, byte[] encoded)
    {
        using var decoded = Decode(encoded);
        using var scorable = Scorable(decoded);
        return reference.Score(scorable);
    }

    /// <summary>
    /// The encoded probe's pixels: every frame of an animation (a WebP written from an animated upload), as the tall
    /// strip of frames the source is, so that all frames are scored against theirs.
    /// </summary>
    private static Image Decode(byte[] encoded)
    {
        var image = Image.NewFromBuffer(encoded, access: Enums.Access.Random);
        if (!image.Contains("n-pages") || (int)image.Get("n-pages") <= 1) return image;
        image.Dispose();
        return Image.NewFromBuffer(encoded, "n=-1", access: Enums.Access.Random);
    }

    /// <summary>
    /// SSIMULACRA 2 needs 8×8 pixels: a smaller picture (an icon, a 1-pixel line, a 10000×3 strip) is scored with its
    /// edge pixels repeated out to 8 on the short sides, the same for the source and every probe, so its own pixels'
    /// errors are what is measured.
    /// </summary>
    private static Image Scorable(Image image) =>
        image.Width >= MinScoredSide && image.Height >= MinScoredSide
            ? image.Copy()
            : image.Embed(0, 0, Math.Max(image.Width, MinScoredSide), Math.Max(image.Height, MinScoredSide), extend: Enums.Extend.Copy);

    private const int MinScoredSide = 8;

    /// <summary>The next quality to probe, or null when the probes already settle the answer.</summary>
    private static int? Next(SortedDictionary<int, (double Score, byte[] Bytes)> probes, double target, AutoQualityModel model)
    {
        var (below, above) = Bracket(probes, target);
        if (below is { } b && above is { } a)
        {
            if (a.Q - b.Q <= 1) return null;
            var q = Interpolate(b, a, target);
            return probes.ContainsKey(q) ? null : q;
        }
        // One side only: step along the slope (measured when two probes exist, else the model's).
        var last = above ?? below!.Value;
        if (above is not null && last.Q <= model.MinQuality) return null;
        if (below is not null && last.Q >= model.MaxQuality) return null;
        var slope = model.Slope;
        if (probes.Count >= 2)
        {
            var (q0, s0) = (probes.Keys.First(), probes.Values.First().Score);
            var (q1, s1) = (probes.Keys.Last(), probes.Values.Last().Score);
            if (q1 > q0 && s1 > s0) slope = Math.Clamp((s1 - s0) / (q1 - q0), model.Slope / 4, model.Slope * 4);
        }
        var step = (target - last.S) / slope;
        var next = (int)Math.Round(last.Q + (step > 0 ? Math.Ceiling(step) : Math.Floor(step)));
        if (next == last.Q) next += step > 0 ? 1 : -1;
        next = Math.Clamp(next, model.MinQuality, model.MaxQuality);
        return probes.ContainsKey(next) ? null : next;
    }

    private static (int Quality, double Score) Decide(SortedDictionary<int, (double Score, byte[] Bytes)> probes, double target, AutoQualityModel model)
    {
        var (below, above) = Bracket(probes, target);
        if (below is { } b && above is { } a)
        {
            var q = Interpolate(b, a, target);
            if (probes.TryGetValue(q, out var known)) return (q, known.Score);
            return (q, b.S + (a.S - b.S) * (q - b.Q) / (a.Q - b.Q));
        }
        if (above is { } only) return (only.Q, only.S); // the lowest probe already reaches the target
        // Nothing reached it: step on along the slope from the highest probe (the probes ran out), up to the ceiling.
        var best = below!.Value;
        var up = Math.Clamp(best.Q + (int)Math.Ceiling((target - best.S) / model.Slope), best.Q, model.MaxQuality);
        return (up, Math.Min(target, best.S + model.Slope * (up - best.Q)));
    }

    /// <summary>The highest probe below the target and the lowest probe at or above it.</summary>
    private static ((int Q, double S)? Below, (int Q, double S)? Above) Bracket(
        SortedDictionary<int, (double Score, byte[] Bytes)> probes, double target)
    {
        (int Q, double S)? below = null, above = null;
        foreach (var (q, p) in probes)
        {
            if (p.Score >= target) { above ??= (q, p.Score); }
            else if (above is null) below = (q, p.Score);
        }
        return (below, above);
    }

    /// <summary>The lowest whole quality in (below, above] that linear interpolation says reaches the target.</summary>
    private static int Interpolate((int Q, double S) below, (int Q, double S) above, double target)
    {
        var q = below.Q + (target - below.S) * (above.Q - below.Q) / Math.Max(above.S - below.S, 1e-9);
        return Math.Clamp((int)Math.Ceiling(q - 1e-9), below.Q + 1, above.Q);
    }
}
