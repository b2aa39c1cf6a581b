using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NetVips;
using PixTools.IntegrationTests.Support;

namespace PixTools.IntegrationTests;

/// <summary>Denoise jobs end to end on the embedded default, with the shipped model: submit, the ml queue, download a PNG.</summary>
public sealed class DenoiseJobTests(PixToolsApp app) : IClassFixture<PixToolsApp>
{
    private readonly JobClient client = new(app.CreateClient());

    [Fact]
    public async Task DenoisesAPhotoAndServesItAsAPngBesideAConversion()
    {
        var jobId = await client.SubmitAsync("chelsea-exif.png", "[\"denoise\",\"webp\"]",
            "{\"denoise\":{\"strength\":20,\"resize\":{\"width\":240}},\"webp\":{\"resize\":{\"width\":120}}}");
        var job = await client.WaitForTerminalAsync(jobId);

        Assert.Equal("COMPLETED", job.GetProperty("status").GetString());
        var urls = job.GetProperty("result_urls");
        Assert.Equal(["denoise", "webp"], urls.EnumerateObject().Select(p => p.Name).Order());
        using var response = await client.Http.GetAsync(urls.GetProperty("denoise").GetString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("pixtools_denoise_chelsea-exif.png", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        using var image = Image.NewFromBuffer(await response.Content.ReadAsByteArrayAsync());
        Assert.StartsWith("pngload", (string)image.Get("vips-loader"));
        Assert.Equal((240, 160, 3), (image.Width, image.Height, image.Bands));
        Assert.DoesNotContain("exif-data", image.GetFields());
    }

    [Fact]
    public async Task DenoisesWithTheAutomaticStrengthWhenNoneIsGiven()
    {
        var jobId = await client.SubmitAsync("rocket-orient6.jpg", "[\"denoise\"]", "{\"denoise\":{\"resize\":{\"height\":160}}}");
        var job = await client.WaitForTerminalAsync(jobId);

        Assert.Equal("COMPLETED", job.GetProperty("status").GetString());
        using var response = await client.Http.GetAsync(job.GetProperty("result_urls").GetProperty("denoise").GetString());
        using var image = Image.NewFromBuffer(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((107, 160), (image.Width, image.Height));
    }

    [Fact]
    public async Task RefusesAStrengthOutOfRangeWith422()
    {
        using var response = await client.PostAsync(JobClient.Form(TestPhotos.Read("coffee.png"), "coffee.png", "image/png", "[\"denoise\"]",
            "{\"denoise\":{\"strength\":80}}"));

        await SubmitValidationTests.AssertProblemAsync(response, 422, "operation_params.denoise.strength must be \"auto\" or a number 0..75, got 80");
    }

    [Fact]
    public async Task FailsACorruptImageWithAReadableReason()
    {
        var damaged = CraftedImages.PngWithDamagedImageData(TestPhotos.Read("coffee.png"));
        using var response = await client.PostAsync(JobClient.Form(damaged, "damaged.png", "image/png", "[\"denoise\"]"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var jobId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("job_id").GetGuid();

        var job = await client.WaitForTerminalAsync(jobId);

        Assert.Equal("FAILED", job.GetProperty("status").GetString());
        Assert.Equal("operation denoise failed: file is not a valid png image: its image data is damaged or cut short", job.GetProperty("error_message").GetString());
    }

    [Fact]
    public async Task CapabilitiesListDenoise()
    {
        using var response = await client.Http.GetAsync("/api/capabilities");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Contains("denoise", body.GetProperty("operations").EnumerateArray().Select(o => o.GetString()));
    }
}
