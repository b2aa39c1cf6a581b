using PixTools.Operations.Denoise;

namespace PixTools.UnitTests.Operations;

public sealed class FlatAreasTests
{
    private static byte[] Fill(int width, int height, byte r, byte g, byte b)
    {
        var rgb = new byte[width * height * 3];
        for (var i = 0; i < rgb.Length; i += 3) (rgb[i], rgb[i + 1], rgb[i + 2]) = (r, g, b);
        return rgb;
    }

    [Fact]
    public void OneColourEverywhereIsFlatUpToTheEdges()
    {
        var rgb = Fill(20, 12, 0, 255, 0);
        Assert.True(FlatAreas.IsFlat(rgb, 20, 12, 0, 0));
        Assert.True(FlatAreas.IsFlat(rgb, 20, 12, 19, 11));
        Assert.True(FlatAreas.IsFlat(rgb, 20, 12, 10, 6));
        Assert.True(FlatAreas.IsFlat(Fill(1, 1, 9, 9, 9), 1, 1, 0, 0));
    }

    [Theory]
    [InlineData(4, 0, false)] // within the 9×9 neighbourhood, on the pixel's row
    [InlineData(0, -4, false)] // its corner rows
    [InlineData(-4, 4, false)]
    [InlineData(5, 0, true)] // one past the neighbourhood
    [InlineData(0, 5, true)]
    public void OneDifferentValueInTheNeighbourhoodIsEnough(int dx, int dy, bool flat)
    {
        const int width = 21, height = 21, cx = 10, cy = 10;
        var rgb = Fill(width, height, 200, 30, 30);
        rgb[((cy + dy) * width + cx + dx) * 3 + 2] = 31; // one blue value, one level off

        Assert.Equal(flat, FlatAreas.IsFlat(rgb, width, height, cx, cy));
    }

    [Fact]
    public void TheDenoiserGivesFlatAreasBackExactlyAndStillDenoisesTheRest()
    {
        // Left half a flat saturated green (the network wrote up to 52 levels into it), right half noisy grey.
        const int width = 128, height = 96;
        var noisy = new RgbImage(Fill(width, height, 128, 128, 128), width, height).WithNoise(25, seed: 3);
        var pixels = noisy.Copy().Pixels;
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width / 2; x++) (pixels[(y * width + x) * 3], pixels[(y * width + x) * 3 + 1], pixels[(y * width + x) * 3 + 2]) = (0, 255, 0);
        var before = (byte[])pixels.Clone();

        new TiledDenoiser(DenoiseTestKit.Model, tileSize: 64, overlap: 32).Denoise(pixels, width, height, 25, CancellationToken.None);

        for (var y = 0; y < height; y++)
            for (var x = 0; x < width / 2 - FlatAreas.Radius; x++)
                Assert.True(pixels.AsSpan((y * width + x) * 3, 3).SequenceEqual(before.AsSpan((y * width + x) * 3, 3)), $"({x}, {y}) changed");
        var changed = 0;
        for (var y = 0; y < height; y++)
            for (var x = width / 2 + FlatAreas.Radius; x < width; x++)
                if (!pixels.AsSpan((y * width + x) * 3, 3).SequenceEqual(before.AsSpan((y * width + x) * 3, 3))) changed++;
        Assert.True(changed > (width / 2 - FlatAreas.Radius) * height * 9 / 10, $"only {changed} noisy pixels were denoised");
    }
}
