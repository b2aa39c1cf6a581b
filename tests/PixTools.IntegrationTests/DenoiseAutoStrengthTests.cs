using System.Net;
using System.Text.Json;
using NetVips;
using PixTools.IntegrationTests.Support;
using PixTools.Operations.Denoise;
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

    [Theory]
    [InlineData(null)]
    [InlineData("{\"denoise\":{\"strength\":25}}")]
    public async Task GivesAGraphicsFlatAreasBackExactly(string? operationParams)
    {
        // A logo-like picture: flat saturated colours, one grey bar. The network, trained on photographs, had written
        // up to 52 levels into a flat green; flat areas (9×9 of one colour) now come back as they were.
        using var green = Image.Black(160, 120).NewFromImage(0, 255, 0);
        using var red = Image.Black(160, 120).NewFromImage(255, 0, 0);
        using var logo = green.Join(red, Enums.Direction.Horizontal).Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
        var png = logo.PngsaveBuffer();

        var (job, output) = await DenoiseAsync(png, operationParams, "logo.png", "image/png");

        var source = Pixels(png).Rgb;
        if (operationParams is null)
        {
            // auto: a picture mostly of flat areas reads 0, and strength 0 gives every pixel back.
            Assert.Equal(0, Strength(job));
            Assert.Equal(source, output.Rgb);
            return;
        }
        // At 25 the edge between the colours is the denoiser's to smooth; every pixel of the flat areas is as it was.
        for (var y = 0; y < 120; y++)
            for (var x = 0; x < 320; x++)
            {
                if (Math.Abs(x - 159.5) < FlatAreas.Radius + 1) continue;
                var at = (y * 320 + x) * 3;
                Assert.True(output.Rgb.AsSpan(at, 3).SequenceEqual(source.AsSpan(at, 3)), $"({x}, {y}) changed");
            }
    }

    private async Task<(JsonElement Job, Picture Output)> DenoiseAsync(byte[] jpeg, string? operationParams, string name = "upload.jpg", string type = "image/jpeg")
    {
        using var response = await client.PostAsync(JobClient.Form(jpeg, name, type, "[\"denoise\"]", operationParams));
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
