using PixTools.Operations.Denoise;


namespace PixTools.UnitTests.Operations;

public class TiledDenoiserTests
{
    [Fact]
    public void TilesReproduceTheWholeImageOutput()
    {
        // Odd sides (padded by a replicated row and column), and 96 px tiles make 3 x 2 tiles with seams across the cat.
        var noisy = DenoiseTestKit.Photo("chelsea-exif.png").Crop(120, 40, 255, 181).WithNoise(25, seed: 11);
        var whole = noisy.Copy();
        var tiled = noisy.Copy();

        new TiledDenoiser(DenoiseTestKit.Model, tileSize: 4096, overlap: 32).Denoise(whole.Pixels, whole.Width, whole.Height, 25, CancellationToken.None);
        new TiledDenoiser(DenoiseTestKit.Model, tileSize: 96, overlap: 32).Denoise(tiled.Pixels, tiled.Width, tiled.Height, 25, CancellationToken.None);

        Assert.True(ImageQuality.Psnr(whole.Pixels, noisy.Pixels) < 40, "the model changed the image");
        var worst = 0;
        const int edge = 4;
        for (var y = edge; y < noisy.Height - edge; y++)
        for (var x = edge * 3; x < (noisy.Width - edge) * 3; x++)
        {
            var at = y * noisy.Width * 3 + x;
            worst = Math.Max(worst, Math.Abs(whole.Pixels[at] - tiled.Pixels[at]));
        }
        Assert.InRange(worst, 0, 1);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 5)]
    [InlineData(101, 77)]
    [InlineData(130, 64)]
    public void DenoisesAnySizeWithoutTouchingMoreThanItsPixels(int width, int height)
    {
        var noisy = new RgbImage(new byte[width * height * 3], width, height).WithNoise(40, seed: 5);
        // One byte past the image must stay as it was: the padding row and column are the denoiser's own.
        var buffer = new byte[noisy.Pixels.Length + 1];
        noisy.Pixels.CopyTo(buffer, 0);
        buffer[^1] = 0xAB;

        var modelTime = new TiledDenoiser(DenoiseTestKit.Model, tileSize: 64, overlap: 32).Denoise(buffer, width, height, 40, CancellationToken.None);

        Assert.Equal(0xAB, buffer[^1]);
        Assert.True(modelTime > TimeSpan.Zero);
    }

    [Fact]
    public void StopsBetweenTilesWhenCancelled()
    {
        var image = DenoiseTestKit.Photo("chelsea-exif.png");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() =>
            new TiledDenoiser(DenoiseTestKit.Model, 128, 32).Denoise(image.Pixels, image.Width, image.Height, 10, cancelled.Token));
    }
}
