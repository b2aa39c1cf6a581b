using PixTools.Operations.Denoise;

namespace PixTools.UnitTests.Operations;

/// <summary>
/// The factor between the level read and the strength <c>auto</c> uses (docs/denoise.md): the knots measured on the
/// held-out photos, linear between them, and the automatic strength of a JPEG's pixels raised by its quality.
/// </summary>
public class StrengthCalibrationTests
{
    [Theory]
    [InlineData(0, 0.7)]
    [InlineData(6, 0.7)]
    [InlineData(9, 0.775)]
    [InlineData(12, 0.85)]
    [InlineData(25, 0.85)]
    [InlineData(37.5, 0.925)]
    [InlineData(45, 1.0)]
    [InlineData(75, 1.0)]
    public void LosslessPicturesAreCalibratedByTheirLevel(double level, double factor) =>
        Assert.Equal(factor, StrengthCalibration.Factor(level, null), 6);

    [Theory]
    [InlineData(40, 1.3)]
    [InlineData(60, 1.3)]
    [InlineData(75, 1.2)]
    [InlineData(80, 1.15)]
    [InlineData(85, 1.1)]
    [InlineData(92, 0.9)]
    [InlineData(100, 0.9)]
    public void JpegsAreCalibratedByTheirQuality(int quality, double factor) =>
        Assert.Equal(factor, StrengthCalibration.Factor(10, quality), 6);

    [Fact]
    public void AHighLevelKeepsItsOwnFactorInAGoodJpeg() =>
        Assert.Equal(1.0, StrengthCalibration.Factor(50, 95), 6);

    [Fact]
    public void TheAutomaticStrengthOfAJpegsPixelsRisesWithTheFactorOfItsQuality()
    {
        var noisy = DenoiseTestKit.Jpeg(DenoiseTestKit.Photo("chelsea-exif.png").WithNoise(20, seed: 8), quality: 60);

        var asJpeg = AutoStrength.Estimate(DenoiseTestKit.Model, noisy.Pixels, noisy.Width, noisy.Height, 60);
        var asOther = AutoStrength.Estimate(DenoiseTestKit.Model, noisy.Pixels, noisy.Width, noisy.Height);

        // Both are the same level read times 1.3 or the lossless factor of that level, each rounded to one decimal.
        Assert.InRange(asOther, 4, 20);
        var level = asJpeg / 1.3;
        Assert.InRange(asOther, level * StrengthCalibration.Factor(level, null) - 0.1, level * StrengthCalibration.Factor(level, null) + 0.1);
    }
}
