using NetVips;

namespace PixTools.Operations.Convert.Quality;

/// <summary>
/// A reference image prepared once for SSIMULACRA 2 (its XYB planes, their blur and the blur of their squares at
/// every scale), so that many distorted versions of it (an automatic-quality search) are each scored at about 3/5
/// of the cost of <see cref="Ssimulacra2.Score(Image, Image)"/>. Thread-safe for concurrent <see cref="Score(Image)"/> calls.
/// </summary>
public sealed class Ssimulacra2Reference
{
    private readonly List<ScaleData> _scales = [];

    private Ssimulacra2Reference(LinearPlanes linear)
    {
        Width = linear.Width;
        Height = linear.Height;
        var blur = new PlaneBlur(linear.Length);
        foreach (var scaled in Ssimulacra2.Pyramid(linear))
        {
            var xyb = scaled.ToPositiveXyb();
            _scales.Add(new ScaleData(xyb, blur.Of(xyb), blur.OfProduct(xyb, xyb)));
        }
    }

    /// <summary>Width of the reference, in pixels.</summary>
    public int Width { get; }

    /// <summary>Height of the reference, in pixels.</summary>
    public int Height { get; }

    /// <summary>Prepares <paramref name="reference"/> (any libvips image; made 8-bit sRGB first; at least 8×8).</summary>
    public static Ssimulacra2Reference Create(Image reference) => new(Ssimulacra2.ToLinear(reference));

    /// <summary>Prepares interleaved 8-bit sRGB pixels (1–4 bands; alpha blended onto grey).</summary>
    public static Ssimulacra2Reference Create(ReadOnlySpan<byte> pixels, int width, int height, int bands)
    {
        Ssimulacra2.CheckSize(width, height);
        return new(LinearPlanes.FromSrgb8(pixels, width, height, bands));
    }

    /// <summary>The SSIMULACRA 2.1 score of <paramref name="distorted"/> (same size) against this reference.</summary>
    public double Score(Image distorted) => Score(Ssimulacra2.ToLinear(distorted));

    /// <summary>The score of interleaved 8-bit sRGB pixels of the reference's size.</summary>
    public double Score(ReadOnlySpan<byte> pixels, int width, int height, int bands) =>
        Score(LinearPlanes.FromSrgb8(pixels, width, height, bands));

    private double Score(LinearPlanes distorted)
    {
        if (distorted.Width != Width || distorted.Height != Height)
            throw new ArgumentException($"the distorted image is {distorted.Width}x{distorted.Height}, the reference {Width}x{Height}");
        var blur = new PlaneBlur(distorted.Length);
        var norms = new List<double[]>(_scales.Count);
        var index = 0;
        foreach (var scaled in Ssimulacra2.Pyramid(distorted))
        {
            var reference = _scales[index++];
            var xyb = scaled.ToPositiveXyb();
            var mu2 = blur.Of(xyb);
            var sigma22 = blur.OfProduct(xyb, xyb);
            var sigma12 = blur.OfProduct(reference.Xyb, xyb);
            norms.Add(Ssimulacra2.ScaleNorms(reference.Xyb, reference.Mu, reference.Sigma, xyb, mu2, sigma22, sigma12));
        }
        return Ssimulacra2.Combine(norms);
    }

    private sealed record ScaleData(LinearPlanes Xyb, LinearPlanes Mu, LinearPlanes Sigma);

    /// <summary>Blur with scratch buffers sized for the first (largest) scale.</summary>
    private sealed class PlaneBlur(int length)
    {
        private readonly float[] _temp = new float[length];
        private readonly float[] _product = new float[length];

        public LinearPlanes Of(LinearPlanes planes)
        {
            var result = new LinearPlanes(planes.Width, planes.Height);
            for (var c = 0; c < 3; c++) Blur(planes.Plane(c), result.Plane(c), planes);
            return result;
        }

        public LinearPlanes OfProduct(LinearPlanes a, LinearPlanes b)
        {
            var result = new LinearPlanes(a.Width, a.Height);
            for (var c = 0; c < 3; c++)
            {
                var pa = a.Plane(c);
                var pb = b.Plane(c);
                var product = _product.AsSpan(0, a.Length);
                for (var i = 0; i < product.Length; i++) product[i] = pa[i] * pb[i];
                Blur(product, result.Plane(c), a);
            }
            return result;
        }

        private void Blur(ReadOnlySpan<float> input, Span<float> output, LinearPlanes size) =>
            RecursiveGaussian.Sigma15.Blur(input, output, _temp.AsSpan(0, size.Length), size.Width, size.Height);
    }
}
