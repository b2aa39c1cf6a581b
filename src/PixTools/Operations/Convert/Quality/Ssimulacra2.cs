using System.Numerics;
using NetVips;

namespace PixTools.Operations.Convert.Quality;

/// <summary>
/// SSIMULACRA 2.1 (Jon Sneyers, Cloudinary, 2022–2023), a perceptual image-quality score: 100 for identical pixels,
/// about 90 visually lossless, 80 very high, 70 high, 50 medium quality, 10 and below very low (it can be
/// negative). Written in C# from the description and the BSD-3-Clause reference code in libjxl
/// (tools/ssimulacra2.cc, tools/gauss_blur.cc; also github.com/cloudinary/ssimulacra2), and checked against the
/// reference tool's own scores by Ssimulacra2Tests.
/// <para>
/// The method: both images in linear sRGB (alpha blended onto grey); six scales (1:1 to 1:32, 2×2 means in linear
/// light); at each, libjxl's XYB rescaled to 0..1 (X, Y, B−Y); per channel a Gaussian (σ 1.5) SSIM map without the
/// luminance denominator, and an edge map split into "ringing" (edges the original lacks) and "blurring" (edges the
/// distorted image lost); the mean and the 4-norm of each map; a weighted sum of those 108 numbers, mapped by a
/// fitted polynomial and power onto the 100-point scale.
/// </para>
/// <para>
/// API: <see cref="Score(Image, Image)"/> for one pair; <see cref="Ssimulacra2Reference"/> to score many distorted
/// images against one reference. Images of any libvips interpretation are first made 8-bit sRGB (grey stays grey);
/// both must be the same size and at least 8×8. A 1920×1280 pair takes about 0.4 s on one core (bench auto-quality).
/// </para>
/// </summary>
public static class Ssimulacra2
{
    private const int Scales = 6;
    private const float C2 = 0.0009f;

    /// <summary>The SSIMULACRA 2.1 score of <paramref name="distorted"/> against <paramref name="reference"/>.</summary>
    public static double Score(Image reference, Image distorted) => Ssimulacra2Reference.Create(reference).Score(distorted);

    /// <summary>The score of two interleaved 8-bit sRGB pixel buffers of the same size and band count (1–4).</summary>
    public static double Score(ReadOnlySpan<byte> reference, ReadOnlySpan<byte> distorted, int width, int height, int bands) =>
        Ssimulacra2Reference.Create(reference, width, height, bands).Score(distorted, width, height, bands);

    internal static void CheckSize(int width, int height)
    {
        if (width < 8 || height < 8) throw new ArgumentException($"SSIMULACRA 2 needs at least 8x8 pixels, not {width}x{height}");
    }

    /// <summary>The image as 8-bit sRGB (or grey), read into linear planes.</summary>
    internal static LinearPlanes ToLinear(Image image)
    {
        CheckSize(image.Width, image.Height);
        var grey = image.Interpretation is Enums.Interpretation.Bw or Enums.Interpretation.Grey16 && image.Bands <= 2;
        var owned = new List<Image>();
        try
        {
            var current = image;
            if (!grey && current.Interpretation != Enums.Interpretation.Srgb)
            {
                current = current.Colourspace(Enums.Interpretation.Srgb);
                owned.Add(current);
            }
            if (current.Format != Enums.BandFormat.Uchar)
            {
                current = grey && current.Interpretation == Enums.Interpretation.Grey16
                    ? current.Colourspace(Enums.Interpretation.Bw)
                    : current.Cast(Enums.BandFormat.Uchar);
                owned.Add(current);
            }
            var bands = current.Bands;
            if (bands > 4) throw new ArgumentException($"SSIMULACRA 2 reads 1 to 4 bands, not {bands}");
            var pixels = current.WriteToMemory<byte>();
            return LinearPlanes.FromSrgb8(pixels, current.Width, current.Height, bands);
        }
        finally
        {
            foreach (var i in owned) i.Dispose();
        }
    }

    /// <summary>The six scales (fewer for small images, exactly as the reference decides), in linear light.</summary>
    internal static IEnumerable<LinearPlanes> Pyramid(LinearPlanes full)
    {
        var current = full;
        for (var scale = 0; scale < Scales; scale++)
        {
            // The reference checks the size of the previous scale, so an 8-pixel side still yields a 4-pixel scale.
            if (current.Width < 8 || current.Height < 8) yield break;
            if (scale > 0) current = current.Halve();
            yield return current;
        }
    }

    /// <summary>
    /// The 18 norms of one scale: per channel the SSIM map's mean and 4-norm (6), then per channel ringing mean,
    /// ringing 4-norm, blurring mean, blurring 4-norm (12).
    /// </summary>
    internal static double[] ScaleNorms(LinearPlanes img1, LinearPlanes mu1, LinearPlanes sigma11,
        LinearPlanes img2, LinearPlanes mu2, LinearPlanes sigma22, LinearPlanes sigma12)
    {
        var norms = new double[18];
        var perPixel = 1.0 / img1.Length;
        var sums = new double[6];
        for (var c = 0; c < 3; c++)
        {
            Array.Clear(sums);
            var width = img1.Width;
            for (var row = 0; row < img1.Height; row++)
            {
                var at = row * width;
                MapRow(new MapPlanes(mu1.Plane(c), mu2.Plane(c), sigma11.Plane(c), sigma22.Plane(c), sigma12.Plane(c),
                    img1.Plane(c), img2.Plane(c)), at, width, sums);
            }
            norms[c * 2] = perPixel * sums[0];
            norms[c * 2 + 1] = Math.Sqrt(Math.Sqrt(perPixel * sums[1]));
            norms[6 + c * 4] = perPixel * sums[2];
            norms[6 + c * 4 + 1] = Math.Sqrt(Math.Sqrt(perPixel * sums[3]));
            norms[6 + c * 4 + 2] = perPixel * sums[4];
            norms[6 + c * 4 + 3] = Math.Sqrt(Math.Sqrt(perPixel * sums[5]));
        }
        return norms;
    }

    private readonly record struct MapPlanes(float[] Mu1, float[] Mu2, float[] S11, float[] S22, float[] S12, float[] Img1, float[] Img2);

    /// <summary>
    /// Adds one row's SSIM error (and its 4th power), ringing and blurring terms (and their 4th powers) to
    /// <paramref name="sums"/>: SIMD within the row in float (the reference's own precision for these ratios), rows
    /// summed in double.
    /// </summary>
    private static void MapRow(MapPlanes p, int at, int width, double[] sums)
    {
        var n = Vector<float>.Count;
        var x = 0;
        Vector<float> ssim = default, ssim4 = default;
        Vector<double> ring = default, ring4 = default, blur = default, blur4 = default;
        var one = Vector<float>.One;
        var c2 = new Vector<float>(C2);
        for (; x + n <= width; x += n)
        {
            var i = at + x;
            var a = new Vector<float>(p.Mu1, i);
            var b = new Vector<float>(p.Mu2, i);
            var numM = one - (a - b) * (a - b);
            var numS = (new Vector<float>(p.S12, i) - a * b) * 2f + c2;
            var denS = (new Vector<float>(p.S11, i) - a * a) + (new Vector<float>(p.S22, i) - b * b) + c2;
            var d = Vector.Max(one - numM * numS / denS, Vector<float>.Zero);
            ssim += d;
            ssim4 += Quartic(d);
            // The edge ratio in double, as the reference computes it: its terms are tiny on good encodes.
            Vector.Widen(Vector.Abs(new Vector<float>(p.Img2, i) - b), out var dist0, out var dist1);
            Vector.Widen(Vector.Abs(new Vector<float>(p.Img1, i) - a), out var orig0, out var orig1);
            Edge(dist0, orig0, ref ring, ref ring4, ref blur, ref blur4);
            Edge(dist1, orig1, ref ring, ref ring4, ref blur, ref blur4);
        }
        double s0 = Vector.Sum(ssim), s1 = Vector.Sum(ssim4), s2 = Vector.Sum(ring), s3 = Vector.Sum(ring4), s4 = Vector.Sum(blur), s5 = Vector.Sum(blur4);
        for (; x < width; x++)
        {
            var i = at + x;
            float a = p.Mu1[i], b = p.Mu2[i];
            // SSIM without its luminance denominator (the values are already perceptual), as an error: 1 − SSIM'.
            var numM = 1.0f - (a - b) * (a - b);
            var numS = 2 * (p.S12[i] - a * b) + C2;
            var denS = (p.S11[i] - a * a) + (p.S22[i] - b * b) + C2;
            var d = Math.Max(1.0 - numM * numS / denS, 0.0);
            s0 += d;
            s1 += Quartic(d);
            // Edge ratio: > 0 where the distorted image has detail the original lacks, < 0 where it lost detail.
            var e = (1.0 + Math.Abs(p.Img2[i] - b)) / (1.0 + Math.Abs(p.Img1[i] - a)) - 1.0;
            var artifact = Math.Max(e, 0.0);
            var lost = Math.Max(-e, 0.0);
            s2 += artifact;
            s3 += Quartic(artifact);
            s4 += lost;
            s5 += Quartic(lost);
        }
        sums[0] += s0; sums[1] += s1; sums[2] += s2; sums[3] += s3; sums[4] += s4; sums[5] += s5;
    }

    private static void Edge(Vector<double> distorted, Vector<double> original,
        ref Vector<double> ring, ref Vector<double> ring4, ref Vector<double> blur, ref Vector<double> blur4)
    {
        var e = (Vector<double>.One + distorted) / (Vector<double>.One + original) - Vector<double>.One;
        var artifact = Vector.Max(e, Vector<double>.Zero);
        var lost = Vector.Max(-e, Vector<double>.Zero);
        ring += artifact;
        ring4 += Quartic(artifact);
        blur += lost;
        blur4 += Quartic(lost);
    }

    private static Vector<double> Quartic(Vector<double> x)
    {
        x *= x;
        return x * x;
    }

    private static Vector<float> Quartic(Vector<float> x)
    {
        x *= x;
        return x * x;
    }

    /// <summary>The weighted sum of all scales' norms, mapped onto the 100-point scale.</summary>
    internal static double Combine(IReadOnlyList<double[]> scales)
    {
        var sum = 0.0;
        var w = 0;
        for (var c = 0; c < 3; c++)
        {
            foreach (var norms in scales)
            {
                for (var n = 0; n < 2; n++)
                {
                    sum += Ssimulacra2Weights.Values[w++] * Math.Abs(norms[c * 2 + n]);
                    sum += Ssimulacra2Weights.Values[w++] * Math.Abs(norms[6 + c * 4 + n]);
                    sum += Ssimulacra2Weights.Values[w++] * Math.Abs(norms[6 + c * 4 + n + 2]);
                }
            }
        }
        var s = sum * 0.9562382616834844;
        s = 2.326765642916932 * s - 0.020884521182843837 * s * s + 6.248496625763138e-05 * s * s * s;
        return s > 0 ? 100.0 - 10.0 * Math.Pow(s, 0.6276336467831387) : 100.0;
    }

    private static double Quartic(double x)
    {
        x *= x;
        return x * x;
    }
}
