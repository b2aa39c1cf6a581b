using PixTools.Operations;
using PixTools.Operations.Denoise;

namespace PixTools.UnitTests.Operations;

/// <summary>
/// The learned automatic strength on held-out photos (skimage's, never trained on): it must read white noise near
/// its σ, still see the noise after JPEG (where the old white-noise estimate read almost clean), and read clean
/// photos and clean JPEGs as low (the little noise they carry themselves).
/// </summary>
public class AutoStrengthTests
{
    [Fact]
    public void ReadsWhiteNoiseNearItsSigma()
    {
        var noisy = DenoiseTestKit.Photo("chelsea-exif.png").WithNoise(25, seed: 3);

        var level = AutoStrength.Estimate(DenoiseTestKit.Model, noisy.Pixels, noisy.Width, noisy.Height);

        Assert.InRange(level, 18, 30);
    }

    [Fact]
    public void StillSeesTheNoiseOfANoisyPhotoSavedAsJpeg()
    {
        var noisy = DenoiseTestKit.Jpeg(DenoiseTestKit.Photo("coffee.png").WithNoise(25, seed: 4), quality: 90);

        var level = AutoStrength.Estimate(DenoiseTestKit.Model, noisy.Pixels, noisy.Width, noisy.Height);

        // What is left after JPEG q90 is about 17 on the 0-255 scale (measured against the clean photo).
        Assert.InRange(level, 10, 26);
    }

    [Theory]
    [InlineData("coffee.png", 0)]
    [InlineData("chelsea-exif.png", 85)]
    [InlineData("rocket-orient6.jpg", 0)]
    public void ReadsACleanPhotoOrACleanJpegAsLow(string name, int jpegQuality)
    {
        var photo = DenoiseTestKit.Photo(name);
        if (jpegQuality > 0) photo = DenoiseTestKit.Jpeg(photo, jpegQuality);

        var level = AutoStrength.Estimate(DenoiseTestKit.Model, photo.Pixels, photo.Width, photo.Height);

        // The test photos carry a little noise of their own (camera, earlier JPEG): a light touch, far below noisy levels.
        Assert.InRange(level, 0, 5);
    }

    [Theory]
    [InlineData(0, 255, 0)]
    [InlineData(255, 0, 0)]
    [InlineData(128, 128, 128)]
    public void ReadsAPictureOfOneColourAsZero(byte r, byte g, byte b)
    {
        // The network alone read a flat saturated green as 75 and a flat red as 16.6.
        var rgb = new byte[300 * 200 * 3];
        for (var i = 0; i < rgb.Length; i += 3) (rgb[i], rgb[i + 1], rgb[i + 2]) = (r, g, b);

        Assert.Equal(0, AutoStrength.Estimate(DenoiseTestKit.Model, rgb, 300, 200));
    }

    [Fact]
    public void ReportsOneDecimalSoTheNumberCanBeTypedBack()
    {
        var noisy = DenoiseTestKit.Photo("chelsea-exif.png").WithNoise(10, seed: 5);

        var level = AutoStrength.Estimate(DenoiseTestKit.Model, noisy.Pixels, noisy.Width, noisy.Height);

        Assert.Equal(Math.Round(level, 1), level);
    }

    [Fact]
    public void SpreadsAGridOfEvenCropsOverALargeImage()
    {
        var boxes = AutoStrength.Boxes(451, 300);

        Assert.Equal(16, boxes.Count);
        Assert.All(boxes, b =>
        {
            Assert.Equal((128, 128), (b.Width, b.Height));
            Assert.True(b.X % 2 == 0 && b.Y % 2 == 0, $"{b}");
            Assert.InRange(b.X + b.Width, 0, 451);
            Assert.InRange(b.Y + b.Height, 0, 300);
        });
        Assert.Equal((0, 0), (boxes[0].X, boxes[0].Y));
        Assert.Equal((322, 172), (boxes[^1].X, boxes[^1].Y));
    }

    [Fact]
    public void UsesTheWholeEvenImageWhenItIsSmallerThanACrop()
    {
        Assert.Equal([new AutoStrength.Box(0, 0, 100, 128)], AutoStrength.Boxes(101, 129));
        Assert.Equal([new AutoStrength.Box(0, 0, 64, 128)], AutoStrength.Boxes(64, 129));
        Assert.Empty(AutoStrength.Boxes(1, 500));
        Assert.Equal(0, AutoStrength.Estimate(DenoiseTestKit.Model, new byte[3], 1, 1));
    }

    // Values from numpy.quantile(values, 0.625) (tools/denoise/evaluate.py's auto_level): the crops' levels of a photo
    // whose dark crops read near 0 (mate's RainDrops under Poisson-Gaussian noise), one crop, two, three.
    [Theory]
    [InlineData(new[] { 6.7, 0.1, 0.4, 1.1, 1.3, 1.4, 1.7, 2.4, 2.5, 3.3, 4.9, 5.1, 5.8, 5.9, 6.0, 0.1 }, 3.9)]
    [InlineData(new[] { 3.0 }, 3.0)]
    [InlineData(new[] { 5.0, 1.0 }, 3.5)]
    [InlineData(new[] { 4.0, 1.0, 3.0 }, 3.25)]
    public void TakesTheCropsLevelsQuantileAsNumpyDoes(double[] levels, double expected)
    {
        Assert.Equal(expected, AutoStrength.QuantileOf(levels, AutoStrength.Quantile), precision: 9);
    }
}
