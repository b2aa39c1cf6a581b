using PixTools.Operations.Denoise;


namespace PixTools.UnitTests.Operations;

public class NoiseEstimatorTests
{
    // chelsea: few pixels near 0 or 255, so little of the noise is clipped away (on coffee.png, with dark
    // areas, 18 % of the values clip at σ 50 and the estimate is 44: the noise really is smaller there).
    [Theory]
    [InlineData(15, 1.5)]
    [InlineData(25, 1.5)]
    [InlineData(50, 3)]
    public void EstimatesTheLevelOfAddedGaussianNoise(double sigma, double tolerance)
    {
        var noisy = DenoiseTestKit.Photo("chelsea-exif.png").WithNoise(sigma, seed: 7);

        var estimate = NoiseEstimator.Estimate(noisy.Pixels, noisy.Width, noisy.Height);

        Assert.InRange(estimate, sigma - tolerance, sigma + tolerance);
    }

    [Theory]
    [InlineData("coffee.png")]
    [InlineData("chelsea-exif.png")]
    public void EstimatesNearZeroOnACleanPhoto(string photo)
    {
        var clean = DenoiseTestKit.Photo(photo);

        var estimate = NoiseEstimator.Estimate(clean.Pixels, clean.Width, clean.Height);

        Assert.InRange(estimate, 0, 2.5);
    }

    [Fact]
    public void EstimatesZeroForAFlatImageAndForOneSmallerThanAPatch()
    {
        var flat = Enumerable.Repeat((byte)128, 64 * 48 * 3).ToArray();

        Assert.Equal(0, NoiseEstimator.Estimate(flat, 64, 48), 6);
        Assert.Equal(0, NoiseEstimator.Estimate(new byte[4 * 4 * 3], 4, 4));
    }

    [Fact]
    public void TailVarianceStopsWhereTheTailsMeanIsItsMedian()
    {
        // Two signal eigenvalues over a flat noise floor of 4: the tail from the third on is all 4s.
        double[] eigenvalues = [900, 100, 4, 4, 4, 4, 4];

        Assert.Equal(4, NoiseEstimator.TailVariance(eigenvalues), 9);
    }

    [Fact]
    public void JacobiFindsTheEigenvaluesOfARotatedDiagonalMatrix()
    {
        // Q·diag(λ)·Qᵀ with Q a product of plane rotations: the eigenvalues are λ, small ones included.
        const int n = 12;
        var expected = Enumerable.Range(0, n).Select(i => Math.Pow(10, 4 - i * 0.5)).ToArray();
        var matrix = new double[n * n];
        for (var i = 0; i < n; i++) matrix[i * n + i] = expected[i];
        var random = new Random(3);
        for (var r = 0; r < 40; r++) RotateBothSides(matrix, n, random.Next(n), random.Next(n), random.NextDouble() * Math.PI);

        var values = SymmetricEigen.Values(matrix, n).Order().ToArray();

        foreach (var (value, want) in values.Zip(expected.Order()))
        {
            Assert.Equal(want, value, want * 1e-9);
        }
    }

    private static void RotateBothSides(double[] a, int n, int p, int q, double angle)
    {
        if (p == q) return;
        var (c, s) = (Math.Cos(angle), Math.Sin(angle));
        for (var k = 0; k < n; k++)
        {
            var (akp, akq) = (a[k * n + p], a[k * n + q]);
            (a[k * n + p], a[k * n + q]) = (c * akp - s * akq, s * akp + c * akq);
        }
        for (var k = 0; k < n; k++)
        {
            var (apk, aqk) = (a[p * n + k], a[q * n + k]);
            (a[p * n + k], a[q * n + k]) = (c * apk - s * aqk, s * apk + c * aqk);
        }
    }
}
