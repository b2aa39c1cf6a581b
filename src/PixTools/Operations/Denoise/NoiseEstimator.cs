using System.Numerics;

namespace PixTools.Operations.Denoise;

/// <summary>
/// The automatic denoise strength: the noise level σ (0-255 scale) of an 8-bit RGB image, by Chen, Zhu and Heng,
/// "An Efficient Statistical Method for Image Noise Level Estimation" (ICCV 2015), exactly as the denoise contract
/// with the trainer (tools/denoise) fixes it, so the trainer's numpy code gives the same σ. Natural images' patches lie near a
/// low-dimensional subspace, so the small eigenvalues of the patch covariance are the noise's variance; the
/// method finds where the eigenvalue tail stops looking like noise by comparing its mean with its median.
/// </summary>
public static class NoiseEstimator
{
    /// <summary>Patch side r: patches are r × r pixels over the 3 channels.</summary>
    public const int PatchSide = 5;

    /// <summary>Patches are taken on a grid with this step in both directions.</summary>
    public const int Stride = 3;

    /// <summary>The largest σ returned (the top of the strength parameter's range).</summary>
    public const double MaxSigma = 75;

    private const int Dimensions = 3 * PatchSide * PatchSide;

    /// <summary>
    /// Estimates σ of <paramref name="rgb"/> (interleaved R, G, B bytes, row by row, <paramref name="width"/> ×
    /// <paramref name="height"/>). An image smaller than one patch gives 0.
    /// </summary>
    public static double Estimate(ReadOnlySpan<byte> rgb, int width, int height)
    {
        if (rgb.Length < (long)width * height * 3) throw new ArgumentException("the buffer is smaller than width x height x 3", nameof(rgb));
        if (width < PatchSide || height < PatchSide) return 0;
        var covariance = PatchCovariance(rgb, width, height);
        var eigenvalues = SymmetricEigen.Values(covariance, Dimensions);
        Array.Sort(eigenvalues, (a, b) => b.CompareTo(a));
        var variance = TailVariance(eigenvalues);
        return Math.Clamp(Math.Sqrt(Math.Max(variance, 0)), 0, MaxSigma);
    }

    /// <summary>
    /// Step 4 of the contract: for i = 1..d, τ = mean(λ_i..λ_d); the first i where as many of λ_i..λ_d lie above
    /// τ as below it gives σ² = τ (the tail's mean equals its median: a noise-only tail). The last i always
    /// matches (one value, none above or below), which is the contract's fallback.
    /// </summary>
    internal static double TailVariance(double[] descending)
    {
        var d = descending.Length;
        var tau = 0.0;
        for (var i = 0; i < d; i++)
        {
            var sum = 0.0;
            for (var k = i; k < d; k++) sum += descending[k];
            tau = sum / (d - i);
            int above = 0, below = 0;
            for (var k = i; k < d; k++)
            {
                if (descending[k] > tau) above++;
                else if (descending[k] < tau) below++;
            }
            if (above == below) return tau;
        }
        return tau;
    }

    // Covariance (divided by the patch count) of the 75-value patch vectors on the stride-3 grid, as a full
    // row-major 75 × 75 matrix. Sums of products of 8-bit values are integers: they are added exactly in 32-bit
    // lanes (8 at a time with AVX2), moved to 64-bit totals before they could overflow, and the mean is taken off
    // only at the end, in double, so the small eigenvalues (the noise) keep their precision.
    private static double[] PatchCovariance(ReadOnlySpan<byte> rgb, int width, int height)
    {
        var totals = new long[Dimensions * Dimensions];
        var sums = new long[Dimensions];
        var block = new int[Dimensions * Dimensions];
        var patch = new int[Dimensions];
        long count = 0;
        var inBlock = 0;
        for (var y = 0; y + PatchSide <= height; y += Stride)
        {
            for (var x = 0; x + PatchSide <= width; x += Stride)
            {
                var k = 0;
                for (var dy = 0; dy < PatchSide; dy++)
                {
                    var row = rgb.Slice(((y + dy) * width + x) * 3, PatchSide * 3);
                    for (var i = 0; i < row.Length; i++) patch[k++] = row[i];
                }
                AddOuterProduct(block, sums, patch);
                count++;
                if (++inBlock == MaxPatchesPerBlock)
                {
                    Flush(block, totals);
                    inBlock = 0;
                }
            }
        }
        Flush(block, totals);

        var covariance = new double[Dimensions * Dimensions];
        for (var i = 0; i < Dimensions; i++)
        {
            for (var j = i; j < Dimensions; j++)
            {
                var value = (double)totals[i * Dimensions + j] / count - (double)sums[i] / count * ((double)sums[j] / count);
                covariance[i * Dimensions + j] = value;
                covariance[j * Dimensions + i] = value;
            }
        }
        return covariance;
    }

    // 255² × 33 000 < 2³¹: a 32-bit lane holds the sum of this many products.
    private const int MaxPatchesPerBlock = 33_000;

    private static void Flush(int[] block, long[] totals)
    {
        for (var i = 0; i < block.Length; i++) totals[i] += block[i];
        Array.Clear(block);
    }

    // The upper triangle of patch·patchᵀ, a row at a time with SIMD.
    private static void AddOuterProduct(int[] products, long[] sums, int[] patch)
    {
        var lanes = Vector<int>.Count;
        for (var i = 0; i < Dimensions; i++)
        {
            var xi = patch[i];
            sums[i] += xi;
            var scale = new Vector<int>(xi);
            var row = products.AsSpan(i * Dimensions, Dimensions);
            var j = i;
            for (; j + lanes <= Dimensions; j += lanes)
            {
                var target = row.Slice(j, lanes);
                (new Vector<int>(target) + scale * new Vector<int>(patch, j)).CopyTo(target);
            }
            for (; j < Dimensions; j++) row[j] += xi * patch[j];
        }
    }
}
