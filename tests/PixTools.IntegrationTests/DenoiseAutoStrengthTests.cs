using System.Net;
using System.Text.Json;
using NetVips;
using PixTools.IntegrationTests.Support;
using PixTools.Testing;

namespace PixTools.IntegrationTests;

/// <summary>
/// strength=auto over HTTP on the noise real uploads carry: a noisy photo saved as JPEG is cleaned, a clean JPEG comes
/// back untouched, and the job reports the strength it chose (progress.denoise.strength), which typed back as
/// strength gives the same picture.
/// </summary>
public sealed class DenoiseAutoStrengthTests(PixToolsApp app) : IClassFixture<PixToolsApp>
{
    private readonly JobClient client = new(app.CreateClient());

    [Fact]
    public async Task CleansANoisyPhotoSavedAsJpegAndReportsTheStrengthItChose()
    {
        var clean = Pixels(TestPhotos.Read("chelsea-exif.png"));
        var upload = Jpeg(clean with { Rgb = ImageQuality.AddGaussianNoise(clean.Rgb, 25, seed: 11) }, quality: 90);

        var (job, output) = await DenoiseAsync(upload, "{\"denoise\":{\"strength\":\"auto\"}}");

        var before = ImageQuality.Psnr(Pixels(upload).Rgb, clean.Rgb);
        var after = ImageQuality.Psnr(output.Rgb, clean.Rgb);
        Assert.True(after - before >= 5, $"PSNR {before:F2} dB uploaded, {after:F2} dB denoised, wanted a gain of 5 dB");
        var strength = Strength(job);
        Assert.InRange(strength, 10, 26);

        // The reported number, sent as the strength, gives the same pixels.
        var (again, sameOutput) = await DenoiseAsync(upload, $"{{\"denoise\":{{\"strength\":{strength.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}}}");
        Assert.Equal(strength, Strength(again));
        Assert.Equal(output.Rgb, sameOutput.Rgb);
    }

    [Fact]
    public async Task LeavesACleanJpegUntouchedWithTheDefaultStrength()
    {
        var upload = Jpeg(Pixels(TestPhotos.Read("coffee.png")), quality: 85);

        var (job, output) = await DenoiseAsync(upload, null);

        var psnr = ImageQuality.Psnr(output.Rgb, Pixels(upload).Rgb);
        Assert.True(psnr >= 38, $"output vs the uploaded JPEG {psnr:F2} dB, wanted at least 38");
        // The test photos carry a little noise of their own (camera, earlier JPEG): a light touch, far below noisy levels.
        Assert.InRange(Strength(job), 0, 5);
    }

    private async Task<(JsonElement Job, Picture Output)> DenoiseAsync(byte[] jpeg, string? operationParams)
    {
        using var response = await client.PostAsync(JobClient.Form(jpeg, "upload.jpg", "image/jpeg", "[\"denoise\"]", operationParams));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var jobId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("job_id").GetGuid();
        var job = await client.WaitForTerminalAsync(jobId);
        Assert.Equal("COMPLETED", job.GetProperty("status").GetString());
        using var download = await client.Http.GetAsync(job.GetProperty("result_urls").GetProperty("denoise").GetString());
        return (job, Pixels(await download.Content.ReadAsByteArrayAsync()));
    }

    private static double Strength(JsonElement job) =>
        job.GetProperty("progress").GetProperty("denoise").GetProperty("strength").GetDouble();

    private static Picture Pixels(byte[] encoded)
    {
        using var image = Image.NewFromBuffer(encoded);
        using var rgb = image.Bands > 3 ? image.ExtractBand(0, n: 3) : image.Copy();
        return new Picture(rgb.WriteToMemory<byte>(), rgb.Width, rgb.Height);
    }

    private static byte[] Jpeg(Picture pixels, int quality)
    {
        using var image = Image.NewFromMemory(pixels.Rgb, pixels.Width, pixels.Height, 3, Enums.BandFormat.Uchar);
        return image.JpegsaveBuffer(q: quality, subsampleMode: Enums.ForeignSubsample.On);
    }

    private sealed record Picture(byte[] Rgb, int Width, int Height);
}
