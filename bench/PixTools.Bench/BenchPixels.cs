using NetVips;

namespace PixTools.Bench;

/// <summary>RGB bytes of a photo, scaled as the denoise bench needs, and back to PNG.</summary>
internal static class BenchPixels
{
    /// <summary>The photo scaled (Lanczos 3) so its short side is <paramref name="shortSide"/>.</summary>
    public static RgbPixels ShortSide(string path, int shortSide)
    {
        using var source = Image.NewFromFile(path);
        var scale = (double)shortSide / Math.Min(source.Width, source.Height);
        using var resized = source.Resize(scale, kernel: Enums.Kernel.Lanczos3);
        using var rgb = Rgb(resized);
        return new RgbPixels(rgb.WriteToMemory<byte>(), rgb.Width, rgb.Height);
    }

    /// <summary>The photo scaled to cover <paramref name="width"/> × <paramref name="height"/> and centre-cropped to it.</summary>
    public static byte[] Cropped(string path, int width, int height)
    {
        using var source = Image.NewFromFile(path);
        var scale = Math.Max((double)width / source.Width, (double)height / source.Height);
        using var resized = source.Resize(scale, kernel: Enums.Kernel.Lanczos3);
        using var cropped = resized.Crop((resized.Width - width) / 2, (resized.Height - height) / 2, width, height);
        using var rgb = Rgb(cropped);
        return rgb.WriteToMemory<byte>();
    }

    /// <summary>An encoded image's pixels as 8-bit sRGB RGB (grey repeated into three bands, alpha dropped).</summary>
    public static RgbPixels Decoded(byte[] encoded)
    {
        using var source = Image.NewFromBuffer(encoded);
        using var srgb = source.Colourspace(Enums.Interpretation.Srgb);
        using var rgb = Rgb(srgb);
        return new RgbPixels(rgb.WriteToMemory<byte>(), rgb.Width, rgb.Height);
    }

    private static Image Rgb(Image image)
    {
        using var eight = image.Cast(Enums.BandFormat.Uchar);
        return eight.Bands switch
        {
            1 => eight.Bandjoin(eight, eight),
            3 => eight.Copy(),
            _ => eight.ExtractBand(0, n: 3),
        };
    }

    public static byte[] Png(byte[] rgb, int width, int height)
    {
        using var image = Image.NewFromMemory(rgb, width, height, 3, Enums.BandFormat.Uchar);
        return image.PngsaveBuffer(compression: 1);
    }
}

/// <summary>Interleaved RGB bytes, row by row.</summary>
internal sealed record RgbPixels(byte[] Rgb, int Width, int Height);
