using NetVips;
using PixTools.Testing;

namespace PixTools.Bench;

/// <summary>How close an encoded image is to its reference: PSNR over RGB and SSIM over luma.</summary>
internal static class ImageSimilarity
{
    // SSIM's constants for 8-bit values: (0.01 × 255)² and (0.03 × 255)² (Wang et al. 2004).
    private const double C1 = 6.5025, C2 = 58.5225;

    /// <summary>PSNR in dB over the RGB values of two encoded images of one size (grey images are compared as sRGB).</summary>
    public static double Psnr(byte[] encoded, byte[] reference)
    {
        var (a, b) = (BenchPixels.Decoded(encoded), BenchPixels.Decoded(reference));
        if (a.Width != b.Width || a.Height != b.Height) throw new InvalidOperationException($"sizes differ: {a.Width}x{a.Height} vs {b.Width}x{b.Height}");
        return ImageQuality.Psnr(a.Rgb, b.Rgb);
    }

    /// <summary>
    /// Mean SSIM (Wang et al. 2004) of two encoded images of one size, on their luma (Rec. 601 weights, as libvips'
    /// B_W), with a Gaussian window of σ 1.5: 1 for identical pictures. Encoders tuned for SSIM, like libheif's
    /// default aom settings, are judged by what they optimise.
    /// </summary>
    public static double Ssim(byte[] encoded, byte[] reference)
    {
        using var x = Luma(encoded);
        using var y = Luma(reference);
        if (x.Width != y.Width || x.Height != y.Height) throw new InvalidOperationException($"sizes differ: {x.Width}x{x.Height} vs {y.Width}x{y.Height}");
        using var meanX = Window(x);
        using var meanY = Window(y);
        using var varianceX = Window(x * x) - meanX * meanX;
        using var varianceY = Window(y * y) - meanY * meanY;
        using var covariance = Window(x * y) - meanX * meanY;
        using var map = (meanX * meanY * 2 + C1) * (covariance * 2 + C2)
            / ((meanX * meanX + meanY * meanY + C1) * (varianceX + varianceY + C2));
        return map.Avg();
    }

    private static Image Luma(byte[] encoded)
    {
        var rgb = BenchPixels.Decoded(encoded);
        using var image = Image.NewFromMemory(rgb.Rgb, rgb.Width, rgb.Height, 3, Enums.BandFormat.Uchar);
        using var grey = image.Colourspace(Enums.Interpretation.Bw, sourceSpace: Enums.Interpretation.Srgb);
        using var values = grey.Cast(Enums.BandFormat.Float);
        return values.CopyMemory();
    }

    private static Image Window(Image image) => image.Gaussblur(1.5, minAmpl: 0.01, precision: Enums.Precision.Float);
}
