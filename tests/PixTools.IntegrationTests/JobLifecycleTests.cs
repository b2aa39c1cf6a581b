using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NetVips;
using PixTools.IntegrationTests.Support;
using PixTools.Storage;

namespace PixTools.IntegrationTests;

/// <summary>Jobs end to end on the embedded default: submit, process in parallel, fan in, poll, download.</summary>
public sealed class JobLifecycleTests(PixToolsApp app) : IClassFixture<PixToolsApp>
{
    private readonly JobClient client = new(app.CreateClient());

    [Fact]
    public async Task ConvertsAJpegToEveryOtherFormatWithMetadata()
    {
        var jobId = await client.SubmitAsync("colorfulcups-exif-gps.jpg", "[\"png\",\"webp\",\"avif\",\"metadata\"]",
            "{\"png\":{\"resize\":{\"width\":320}},\"webp\":{\"quality\":60,\"resize\":{\"width\":400,\"height\":400,\"fit\":\"cover\"}},\"avif\":{\"resize\":{\"height\":200}}}");
        var job = await client.WaitForTerminalAsync(jobId);

        Assert.Equal("COMPLETED", job.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, job.GetProperty("error_message").ValueKind);
        Assert.EndsWith("Z", job.GetProperty("created_at").GetString());
        Assert.Equal("SONY", job.GetProperty("metadata").GetProperty("camera_make").GetString());
        var urls = job.GetProperty("result_urls");
        Assert.Equal(["avif", "png", "webp"], urls.EnumerateObject().Select(p => p.Name).Order());

        await AssertDownloadAsync(urls.GetProperty("png").GetString()!, "pixtools_png_colorfulcups-exif-gps.png", "pngload", 320, 200);
        await AssertDownloadAsync(urls.GetProperty("webp").GetString()!, "pixtools_webp_colorfulcups-exif-gps.webp", "webpload", 400, 400);
        await AssertDownloadAsync(urls.GetProperty("avif").GetString()!, "pixtools_avif_colorfulcups-exif-gps.avif", "heifload", 320, 200);
    }

    [Fact]
    public async Task ConvertsAPngToJpegAndAppliesNothingElse()
    {
        var jobId = await client.SubmitAsync("coffee.png", "[\"jpg\"]", "{\"jpg\":{\"quality\":\"75\"}}");
        var job = await client.WaitForTerminalAsync(jobId);
        Assert.Equal("COMPLETED", job.GetProperty("status").GetString());
        Assert.Equal("{}", job.GetProperty("metadata").GetRawText());
        await AssertDownloadAsync(job.GetProperty("result_urls").GetProperty("jpg").GetString()!, "pixtools_jpg_coffee.jpg", "jpegload", 600, 400);
    }

    [Fact]
    public async Task FailsAnImageWhosePixelsAreDamagedNamingTheOperation()
    {
        // Well formed to every check at upload; only decoding its pixels finds the damage.
        var damaged = CraftedImages.PngWithDamagedImageData(TestPhotos.Read("coffee.png"));
        using var response = await client.PostAsync(JobClient.Form(damaged, "damaged.png", "image/png", "[\"webp\"]"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var jobId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("job_id").GetGuid();

        var job = await client.WaitForTerminalAsync(jobId);
        Assert.Equal("FAILED", job.GetProperty("status").GetString());
        Assert.Equal("operation webp failed: file is not a valid png image: its image data is damaged or cut short", job.GetProperty("error_message").GetString());
        Assert.Empty(job.GetProperty("result_urls").EnumerateObject());
    }

    [Fact]
    public async Task AnswersAnUnknownJobWith404AndAMalformedIdWith400()
    {
        using var unknown = await client.Http.GetAsync($"/api/jobs/{Guid.NewGuid()}");
        await SubmitValidationTests.AssertProblemAsync(unknown, 404, "not found");
        using var malformed = await client.Http.GetAsync("/api/jobs/not-a-uuid");
        await SubmitValidationTests.AssertProblemAsync(malformed, 400, "not-a-uuid");
    }

    [Fact]
    public async Task RefusesADownloadWithATamperedOrExpiredSignature()
    {
        var jobId = await client.SubmitAsync("coffee.png", "[\"webp\"]");
        var url = (await client.WaitForTerminalAsync(jobId)).GetProperty("result_urls").GetProperty("webp").GetString()!;

        using var tampered = await client.Http.GetAsync(url.Replace("name=pixtools_", "name=evil_"));
        await SubmitValidationTests.AssertProblemAsync(tampered, 403, "signature");
        using var badSignature = await client.Http.GetAsync(url[..^4] + "0000");
        await SubmitValidationTests.AssertProblemAsync(badSignature, 403, "signature");

        var signer = app.Services.GetRequiredService<SignedUrls>();
        var expired = signer.Create(BlobKeys.Result(jobId, "webp", "webp"), "pixtools_webp_coffee.webp", TimeSpan.FromSeconds(-5));
        using var late = await client.Http.GetAsync(expired);
        await SubmitValidationTests.AssertProblemAsync(late, 403, "expired");
    }

    [Fact]
    public async Task EchoesTheRequestIdOrMakesOne()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/livez");
        request.Headers.Add("X-Request-ID", "abc-123");
        using var echoed = await client.Http.SendAsync(request);
        Assert.Equal("abc-123", echoed.Headers.GetValues("X-Request-ID").Single());
        using var generated = await client.Http.GetAsync("/api/livez");
        Assert.Matches("^[0-9a-f]{32}$", generated.Headers.GetValues("X-Request-ID").Single());
    }

    [Theory]
    [InlineData("/api/livez")]
    [InlineData("/api/readyz")]
    [InlineData("/api/health")]
    public async Task ProbesAnswerHealthy(string path)
    {
        using var response = await client.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("healthy", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ServesTheOpenApiDocumentAndTheReference()
    {
        using var document = await client.Http.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        var root = JsonDocument.Parse(await document.Content.ReadAsStringAsync()).RootElement;
        var process = root.GetProperty("paths").GetProperty("/api/process").GetProperty("post");
        // Integers are integers (the web default's "integer or string" gave generated clients number | string fields).
        var schemas = root.GetProperty("components").GetProperty("schemas");
        Assert.Equal("integer", schemas.GetProperty("Capabilities").GetProperty("properties").GetProperty("max_upload_bytes").GetProperty("type").GetString());
        Assert.Equal("integer", schemas.GetProperty("BatchView").GetProperty("properties").GetProperty("total").GetProperty("type").GetString());
        // As a client generator reads it: file is required, then operations or outputs (not operations alone).
        var form = process.GetProperty("requestBody").GetProperty("content").GetProperty("multipart/form-data");
        Assert.Equal(["file"], form.GetProperty("schema").GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["operations", "outputs"], form.GetProperty("schema").GetProperty("anyOf").EnumerateArray().Select(e => e.GetProperty("required")[0].GetString()));
        var accepted = form.GetProperty("encoding").GetProperty("file").GetProperty("contentType").GetString()!;
        foreach (var type in new[] { "image/jpeg", "image/png", "image/webp", "image/avif", "image/tiff", "image/gif", "image/heic" }) Assert.Contains(type, accepted);
        // Every refusal the endpoint gives, and the two that ask the client to come back carry Retry-After.
        var responses = process.GetProperty("responses");
        Assert.Equal(["202", "400", "401", "413", "415", "422", "429", "500", "503"], responses.EnumerateObject().Select(r => r.Name).Order());
        foreach (var status in new[] { "429", "503" }) Assert.True(responses.GetProperty(status).GetProperty("headers").TryGetProperty("Retry-After", out _), status);
        // A batch's refusals too, with the batch limits of this server.
        var batch = root.GetProperty("paths").GetProperty("/api/batches").GetProperty("post").GetProperty("responses");
        foreach (var status in new[] { "202", "401", "413", "422", "429", "503" }) Assert.True(batch.TryGetProperty(status, out _), status);
        foreach (var status in new[] { "429", "503" }) Assert.True(batch.GetProperty(status).GetProperty("headers").TryGetProperty("Retry-After", out _), status);
        Assert.Contains("at most 100 files", batch.GetProperty("413").GetProperty("content").GetProperty("application/problem+json").GetProperty("example").GetProperty("detail").GetString());
        using var docs = await client.Http.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
    }

    private async Task AssertDownloadAsync(string url, string fileName, string loader, int width, int height)
    {
        using var response = await client.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(fileName, response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        using var image = Image.NewFromBuffer(await response.Content.ReadAsByteArrayAsync());
        Assert.StartsWith(loader, (string)image.Get("vips-loader"));
        Assert.Equal((width, height), (image.Width, image.Height));
        Assert.DoesNotContain("exif-data", image.GetFields());
    }
}
