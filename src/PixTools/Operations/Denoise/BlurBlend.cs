using System.Numerics.Tensors;

namespace PixTools.Operations.Denoise;

/// <summary>
/// The last step of the network's output: <c>0.9 × network + 0.1 × Gaussian blur of the noisy input</c>, the blur's
/// σ = 0.04 × strength + 0.3 px. The network leaves a little low-frequency noise on smooth photos; this fixed blend
/// raised the mean gain and lifted the worst photo on nearly every row of both held-out sets (tools/denoise/README.md,
/// "Session 14"; evaluate.py applies the same). Planar float RGB in [0,1], one region (a tile with its context) at a
/// time; the blur mirrors at the region's edges (as OpenCV's default border), which are the image's own edges or lie at
/// least the tile overlap (≥ 32 px, more than the widest kernel's 13 px radius) away from the pixels a tile keeps.
/// </summary>
public static class BlurBlend
{
    /// <summary>The network's share of the result.</summary>
    public const float NetworkShare = 0.9f;

    /// <summary>The blur's σ in pixels for a strength on the 0-255 scale.</summary>
    public static double Sigma(double strength) => 0.04 * strength + 0.3;

    /// <summary>
    /// The normalised kernel, its size as OpenCV's <c>GaussianBlur</c> picks it for float images
    /// (<c>round(8σ + 1) | 1</c>), so that evaluate.py and the service blur alike.
    /// </summary>
    public static float[] Kernel(double sigma)
    {
        var size = (int)Math.Round(sigma * 8 + 1) | 1;
        var radius = size / 2;
        var weights = new double[size];
        for (var i = 0; i < size; i++) weights[i] = Math.Exp(-(i - radius) * (i - radius) / (2 * sigma * sigma));
        var sum = weights.Sum();
        return weights.Select(w => (float)(w / sum)).ToArray();
    }

    /// <summary>
    /// <paramref name="output"/> = share × output + (1 − share) × blur(<paramref name="input"/>), both planar RGB of
    /// <paramref name="width"/> × <paramref name="height"/>; <paramref name="scratch"/> holds at least one plane.
    /// Each 1-D pass runs along whole rows with SIMD (every tap a multiply-add over a row), not pixel by pixel.
    /// </summary>
    public static void Apply(float[] input, float[] output, int width, int height, double strength, float[] scratch)
    {
        var kernel = Kernel(Sigma(strength));
        var radius = kernel.Length / 2;
        var plane = width * height;
        var padded = new float[width + 2 * radius];
        var sum = new float[width];
        for (var c = 0; c < 3; c++)
        {
            var offset = c * plane;
            // Rows into scratch: each row copied with mirrored ends, then one multiply-add per tap.
            for (var y = 0; y < height; y++)
            {
                var row = input.AsSpan(offset + y * width, width);
                row.CopyTo(padded.AsSpan(radius));
                for (var k = 1; k <= radius; k++)
                {
                    padded[radius - k] = row[Mirror(-k, width)];
                    padded[radius + width - 1 + k] = row[Mirror(width - 1 + k, width)];
                }
                var target = scratch.AsSpan(y * width, width);
                target.Clear();
                for (var k = 0; k < kernel.Length; k++) MultiplyAdd(padded.AsSpan(k, width), kernel[k], target);
            }
            // Columns: each output row sums the kernel's rows of scratch (mirrored at the top and bottom), then blends.
            for (var y = 0; y < height; y++)
            {
                sum.AsSpan().Clear();
                for (var k = -radius; k <= radius; k++) MultiplyAdd(scratch.AsSpan(Mirror(y + k, height) * width, width), kernel[k + radius], sum);
                var blended = output.AsSpan(offset + y * width, width);
                Blend(blended, sum);
            }
        }
    }

    // target += weight × source (TensorPrimitives: SIMD over the row).
    private static void MultiplyAdd(ReadOnlySpan<float> source, float weight, Span<float> target) =>
        TensorPrimitives.MultiplyAdd(source, weight, target, target);

    // network = share × network + (1 − share) × blur, in one pass: network + (1 − share) × (blur − network).
    private static void Blend(Span<float> network, ReadOnlySpan<float> blur) =>
        TensorPrimitives.Lerp(network, blur, 1 - NetworkShare, network);

    // OpenCV's BORDER_REFLECT_101: -1 → 1, n → n-2 (a one-pixel side repeats itself).
    private static int Mirror(int i, int n)
    {
        if (n == 1) return 0;
        while (i < 0 || i >= n) i = i < 0 ? -i : 2 * n - 2 - i;
        return i;
    }
}
