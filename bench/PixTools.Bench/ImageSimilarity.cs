using NetVips;
using PixTools.Testing;

namespace PixTools.Bench;

/// <summary>How close an encoded image is to its reference: PSNR over RGB and SSIM over luma.</summary>
internal static class ImageSimilarity
{
    // SSIM's constants for 8-bit values: (0.01 × 255)² and (0.03 × 255)² (Wang et al. 2004).
    private const double C1 = 6.5025, C2 = 58.5225;

    /// <summary>
    /// PSNR in dB over the RGB values (grey images are compared as sRGB) and mean SSIM (Wang et al. 2004) over luma
    /// (Rec. 601 weights, as libvips' B_W, Gaussian window σ 1.5; 1 for identical pictures) of
    /// <paramref name="encoded"/> against the decoded <paramref name="reference"/> of the same size. Encoders tuned
    /// for SSIM, like libheif's default aom settings, are judged by what they optimise too.
    /// </summary>
    public static (double Psnr, double Ssim) Measure(byte[] encoded, RgbPixels reference)
    {
        var decoded = BenchPixels.Decoded(encoded);
        if (decoded.Width != reference.Width || decoded.Height != reference.Height)
            throw new InvalidOperationException($"sizes differ: {decoded.Width}x{decoded.Height} vs {reference.Width}x{reference.Height}");
        return (ImageQuality.Psnr(decoded.Rgb, reference.Rgb), Ssim(decoded, reference));
    }

    private static double Ssim(RgbPixels a, RgbPixels b)
    {
        using var x = Luma(a);
        using var y = Luma(b);
        using var meanX = Window(x);
        using var meanY = Window(y);
        using var varianceX = Window(x * x) - meanX * meanX;
        using var varianceY = Window(y * y) - meanY * meanY;
        using var covariance = Window(x * y) - meanX * meanY;
        using var map = (meanX * meanY * 2 + C1) * (covariance * 2 + C2)
            / ((meanX * meanX + meanY * meanY + C1) * (varianceX + varianceY + C2));
        return map.Avg();
    }

    private static Image Luma(RgbPixels rgb)
    {
        using var image = Image.NewFromMemory(rgb.Rgb, rgb.Width, rgb.Height, 3, Enums.BandFormat.Uchar);
        using var grey = image.Colourspace(Enums.Interpretation.Bw, sourceSpace: Enums.Interpretation.Srgb);
        using var values = grey.Cast(Enums.BandFormat.Float);
        return values.CopyMemory();
    }

    private static Image Window(Image image) => image.Gaussblur(1.5, minAmpl: 0.01, precision: Enums.Precision.Float);
}
