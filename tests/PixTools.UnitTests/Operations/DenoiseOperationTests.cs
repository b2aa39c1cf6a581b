using NetVips;
using PixTools.Intake;
using PixTools.Observability;
using PixTools.Operations;
using PixTools.Operations.Denoise;
using PixTools.Operations.Vips;

namespace PixTools.UnitTests.Operations;

/// <summary>
/// The shipped model through the whole operation. The photos are skimage's (chelsea, coffee, rocket, camera):
/// held out from training (tools/denoise trains on plasma wallpapers), and small, so the tests stay quick.
/// </summary>
public class DenoiseOperationTests
{
    private static readonly OperationParams Auto = new(Strength: DenoiseStrength.Auto);

    [Fact]
    public async Task RemovesAtLeast5DbOfNoiseAtSigma25WithTheAutomaticStrength()
    {
        var clean = DenoiseTestKit.Photo("chelsea-exif.png");
        var noisy = clean.WithNoise(25, seed: 1);

        var (file, bytes) = await DenoiseTestKit.DenoiseAsync(DenoiseTestKit.Png(noisy), ImageFormats.Png, Auto);

        Assert.Equal(new ResultFile("png", "image/png", clean.Width, clean.Height), file);
        var before = ImageQuality.Psnr(noisy.Pixels, clean.Pixels);
        var after = ImageQuality.Psnr(DenoiseTestKit.Rgb(bytes).Pixels, clean.Pixels);
        Assert.True(after - before >= 5, $"PSNR {before:F2} dB noisy, {after:F2} dB denoised: a gain of {after - before:F2} dB, wanted 5");
    }

    [Fact]
    public async Task LeavesACleanPhotoNearlyUntouchedWithTheAutomaticStrength()
    {
        var (_, bytes) = await DenoiseTestKit.DenoiseAsync(TestPhotos.Read("coffee.png"), ImageFormats.Png, Auto);

        var psnr = ImageQuality.Psnr(DenoiseTestKit.Rgb(bytes).Pixels, DenoiseTestKit.Photo("coffee.png").Pixels);
        Assert.True(psnr >= 38, $"output vs input {psnr:F2} dB, wanted at least 38");
    }

    [Fact]
    public async Task RemovesNoiseThatWasSavedAsJpegWithTheAutomaticStrength()
    {
        var clean = DenoiseTestKit.Photo("chelsea-exif.png");
        var upload = DenoiseTestKit.JpegFile(clean.WithNoise(25, seed: 6), quality: 90);
        var noisy = DenoiseTestKit.Rgb(upload);

        var (output, bytes) = await DenoiseTestKit.RunAsync(upload, ImageFormats.Jpeg, Auto);

        var before = ImageQuality.Psnr(noisy.Pixels, clean.Pixels);
        var after = ImageQuality.Psnr(DenoiseTestKit.Rgb(bytes).Pixels, clean.Pixels);
        // The white-noise model with the Chen estimate gained 0.7 dB here (it read the JPEG'd noise as almost clean).
        Assert.True(after - before >= 5, $"PSNR {before:F2} dB noisy JPEG, {after:F2} dB denoised: a gain of {after - before:F2} dB, wanted 5");
        Assert.InRange(output.Applied!.Strength!.Sigma!.Value, 10, 26);
    }

    [Fact]
    public async Task LeavesACleanJpegNearlyUntouchedAndReportsTheStrengthItChose()
    {
        var upload = DenoiseTestKit.JpegFile(DenoiseTestKit.Photo("coffee.png"), quality: 85);

        var (output, bytes) = await DenoiseTestKit.RunAsync(upload, ImageFormats.Jpeg, Auto);

        var psnr = ImageQuality.Psnr(DenoiseTestKit.Rgb(bytes).Pixels, DenoiseTestKit.Rgb(upload).Pixels);
        Assert.True(psnr >= 38, $"output vs the decoded JPEG {psnr:F2} dB, wanted at least 38");
        var strength = output.Applied!.Strength!.Sigma!.Value;
        Assert.InRange(strength, 0, 5);
        Assert.Equal(Math.Round(strength, 1), strength);
    }

    [Fact]
    public async Task TheReportedAutomaticStrengthTypedBackGivesTheSameOutput()
    {
        var upload = DenoiseTestKit.Png(DenoiseTestKit.Photo("coffee.png").WithNoise(15, seed: 7));

        var (auto, autoBytes) = await DenoiseTestKit.RunAsync(upload, ImageFormats.Png, Auto);
        var (given, givenBytes) = await DenoiseTestKit.RunAsync(upload, ImageFormats.Png, auto.Applied);

        Assert.Equal(auto.Applied, given.Applied);
        Assert.Equal(DenoiseTestKit.Rgb(autoBytes).Pixels, DenoiseTestKit.Rgb(givenBytes).Pixels);
    }

    [Fact]
    public async Task UsesTheGivenStrengthInsteadOfTheEstimate()
    {
        var logger = new ListLogger<DenoiseOperation>();
        var noisy = DenoiseTestKit.Png(DenoiseTestKit.Photo("chelsea-exif.png").WithNoise(25, seed: 2));

        var (_, weak) = await DenoiseTestKit.DenoiseAsync(noisy, ImageFormats.Png, new OperationParams(Strength: new DenoiseStrength(2)), logger);
        var (_, strong) = await DenoiseTestKit.DenoiseAsync(noisy, ImageFormats.Png, new OperationParams(Strength: new DenoiseStrength(60)));

        Assert.Contains(logger.Messages, m => m.Contains("at sigma 2.0 (estimated: False)", StringComparison.Ordinal));
        // σ 2 leaves most of the noise; σ 60 smooths far more: the outputs are far apart.
        Assert.True(ImageQuality.Psnr(DenoiseTestKit.Rgb(weak).Pixels, DenoiseTestKit.Rgb(strong).Pixels) < 30);
    }

    [Fact]
    public async Task KeepsTheAlphaBandUnchanged()
    {
        var (source, alpha) = WithAlphaGradient("chelsea-exif.png");

        var (_, bytes) = await DenoiseTestKit.DenoiseAsync(source, ImageFormats.Png, new OperationParams(Strength: new DenoiseStrength(20)));

        using var output = Image.NewFromBuffer(bytes);
        Assert.Equal(4, output.Bands);
        using var outputAlpha = output.ExtractBand(3);
        Assert.Equal(alpha, outputAlpha.WriteToMemory<byte>());
    }

    [Fact]
    public async Task AppliesExifOrientationFirst()
    {
        var (file, bytes) = await DenoiseTestKit.DenoiseAsync(TestPhotos.Read("rocket-orient6.jpg"), ImageFormats.Jpeg, Auto);

        using var output = Image.NewFromBuffer(bytes);
        Assert.Equal((427, 640), (output.Width, output.Height));
        Assert.Equal((427, 640), (file.Width, file.Height));
    }

    [Fact]
    public async Task ResizesBeforeDenoising()
    {
        var logger = new ListLogger<DenoiseOperation>();

        var (file, _) = await DenoiseTestKit.DenoiseAsync(TestPhotos.Read("rocket-orient6.jpg"), ImageFormats.Jpeg,
            new OperationParams(Resize: new ResizeSpec(100, null), Strength: DenoiseStrength.Auto), logger);

        Assert.Equal((100, 150), (file.Width, file.Height));
        // The model saw the 100x150 pixels, not the 427x640 ones.
        Assert.Contains(logger.Messages, m => m.StartsWith("Denoised 100x150 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PadsAContainBoxAfterDenoisingWithTransparency()
    {
        var logger = new ListLogger<DenoiseOperation>();

        var (file, bytes) = await DenoiseTestKit.DenoiseAsync(TestPhotos.Read("chelsea-exif.png"), ImageFormats.Png,
            new OperationParams(Resize: new ResizeSpec(200, 200, ResizeFit.Contain), Strength: DenoiseStrength.Auto), logger);

        Assert.Equal((200, 200), (file.Width, file.Height));
        Assert.Contains(logger.Messages, m => m.StartsWith("Denoised 200x133 ", StringComparison.Ordinal));
        using var output = Image.NewFromBuffer(bytes);
        Assert.Equal(4, output.Bands);
        Assert.Equal(0, output.Getpoint(100, 0)[3]);
    }

    [Fact]
    public async Task WritesAPngWithoutMetadata()
    {
        var (_, bytes) = await DenoiseTestKit.DenoiseAsync(TestPhotos.Read("chelsea-exif.png"), ImageFormats.Png, Auto);

        Assert.Equal(ImageFormats.Png, FormatSniffer.Sniff(bytes));
        using var output = Image.NewFromBuffer(bytes);
        Assert.DoesNotContain("exif-data", output.GetFields());
        Assert.DoesNotContain("icc-profile-data", output.GetFields());
    }

    [Fact]
    public async Task KeepingTheIccProfileDenoisesTheSourcesOwnRgbAndKeepsTheProfile()
    {
        var (source, profile) = TestImages.WideGamutCoffee();
        var strength0 = new OperationParams(Strength: new DenoiseStrength(0));

        var (_, kept) = await DenoiseTestKit.DenoiseAsync(source, ImageFormats.Png, strength0 with { Keep = MetadataKeep.Icc });
        var (_, converted) = await DenoiseTestKit.DenoiseAsync(source, ImageFormats.Png, strength0);

        // Strength 0 gives the pixels back: kept, the source's own (P3) values with its profile; otherwise sRGB, no profile.
        using var keptImage = Image.NewFromBuffer(kept);
        using var convertedImage = Image.NewFromBuffer(converted);
        using var sourceImage = Image.NewFromBuffer(source);
        Assert.Equal(profile, (byte[])keptImage.Get("icc-profile-data"));
        Assert.Equal(0, (keptImage - sourceImage).Abs().Max());
        Assert.DoesNotContain("icc-profile-data", convertedImage.GetFields());
        Assert.True((convertedImage - sourceImage).Abs().Max() > 5);

        // A CMYK source has no profile to keep: it is denoised in sRGB and written without one.
        using var coffee = Image.NewFromFile(TestPhotos.PathOf("coffee.png"));
        using var cmyk = coffee.IccTransform("cmyk", intent: Enums.Intent.Relative);
        var (_, fromCmyk) = await DenoiseTestKit.DenoiseAsync(cmyk.JpegsaveBuffer(), ImageFormats.Jpeg, strength0 with { Keep = MetadataKeep.Icc });
        using var fromCmykImage = Image.NewFromBuffer(fromCmyk);
        Assert.Equal(3, fromCmykImage.Bands);
        Assert.DoesNotContain("icc-profile-data", fromCmykImage.GetFields());
    }

    [Fact]
    public async Task KeepsAGreyPhotoGrey()
    {
        var (_, bytes) = await DenoiseTestKit.DenoiseAsync(TestPhotos.Read("camera-gray.png"), ImageFormats.Png,
            new OperationParams(Resize: new ResizeSpec(128, null), Strength: DenoiseStrength.Auto));

        using var output = Image.NewFromBuffer(bytes);
        Assert.Equal((128, 128, 1), (output.Width, output.Height, output.Bands));
    }

    [Fact]
    public async Task FailsATruncatedFileAsBadInput()
    {
        var truncated = CraftedImages.Truncated(TestPhotos.Read("rocket-orient6.jpg"), 0.4);

        var error = await Assert.ThrowsAsync<ImageInputException>(() => DenoiseTestKit.DenoiseAsync(truncated, ImageFormats.Jpeg, Auto));

        Assert.Contains("not a valid jpg image", error.Message);
    }

    [Fact]
    public async Task RecordsTheModelsOwnTimeAsInferenceLatency()
    {
        var before = PixToolsMetrics.InferenceLatency.Count;

        await DenoiseTestKit.DenoiseAsync(TestPhotos.Read("rocket-orient6.jpg"), ImageFormats.Jpeg,
            new OperationParams(Resize: new ResizeSpec(64, null), Strength: DenoiseStrength.Auto));

        Assert.True(PixToolsMetrics.InferenceLatency.Count > before);
    }

    // The photo with an alpha band that falls from opaque on the left to clear on the right.
    private static (byte[] Png, byte[] Alpha) WithAlphaGradient(string photo)
    {
        TestImages.EnsureVipsSetUp();
        using var image = Image.NewFromFile(TestPhotos.PathOf(photo));
        using var ramp = Image.Xyz(image.Width, image.Height).ExtractBand(0);
        using var alpha = (255 - ramp * 255.0 / (image.Width - 1)).Cast(Enums.BandFormat.Uchar);
        using var withAlpha = image.Bandjoin(alpha);
        return (withAlpha.PngsaveBuffer(), alpha.WriteToMemory<byte>());
    }
}
