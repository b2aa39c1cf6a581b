namespace PixTools.Testing;

/// <summary>Seeded Gaussian noise and PSNR on 8-bit pixel buffers, for the denoise tests and the bench.</summary>
public static class ImageQuality
{
    /// <summary>
    /// <paramref name="pixels"/> plus Gaussian noise of standard deviation <paramref name="sigma"/> (0-255 scale),
    /// rounded and clipped to 8 bits as a noisy upload would be; the same seed gives the same noise.
    /// </summary>
    public static byte[] AddGaussianNoise(ReadOnlySpan<byte> pixels, double sigma, int seed)
    {
        var random = new Random(seed);
        var noisy = new byte[pixels.Length];
        for (var i = 0; i < pixels.Length; i += 2)
        {
            // Box-Muller: two independent standard normals from two uniforms.
            var radius = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()));
            var angle = 2 * Math.PI * random.NextDouble();
            noisy[i] = Clip(pixels[i] + sigma * radius * Math.Cos(angle));
            if (i + 1 < pixels.Length) noisy[i + 1] = Clip(pixels[i + 1] + sigma * radius * Math.Sin(angle));
        }
        return noisy;
    }

    /// <summary>Peak signal-to-noise ratio in dB of two equal-length 8-bit buffers (infinity when identical).</summary>
    public static double Psnr(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"buffers differ in length: {a.Length} and {b.Length}");
        double squares = 0;
        for (var i = 0; i < a.Length; i++)
        {
            double d = a[i] - b[i];
            squares += d * d;
        }
        var mse = squares / a.Length;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);
    }

    private static byte Clip(double value) => (byte)Math.Clamp(Math.Round(value), 0, 255);
}
