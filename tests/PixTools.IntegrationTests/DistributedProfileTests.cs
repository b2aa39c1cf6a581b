using System.Net;
using System.Text.Json;
using NetVips;
using PixTools.IntegrationTests.Support;

namespace PixTools.IntegrationTests;

/// <summary>Jobs end to end on the distributed profile: an api and two workers as separate processes on PostgreSQL, RabbitMQ and s3rver.</summary>
public sealed class DistributedProfileTests(DistributedCluster cluster) : IClassFixture<DistributedCluster>
{
    private readonly JobClient client = cluster.Client;

    [Fact]
    public async Task ConvertsAJpegToEveryOtherFormatWithMetadataAcrossProcesses()
    {
        var jobId = await client.SubmitAsync("colorfulcups-exif-gps.jpg", "[\"png\",\"webp\",\"avif\",\"metadata\"]",
            "{\"png\":{\"resize\":{\"width\":320}},\"webp\":{\"quality\":60,\"resize\":{\"width\":400,\"height\":400,\"fit\":\"cover\"}},\"avif\":{\"resize\":{\"height\":200}}}");
        var job = await client.WaitForTerminalAsync(jobId, TimeSpan.FromSeconds(90));

        Assert.True(job.GetProperty("status").GetString() == "COMPLETED", $"{job}\n{cluster.Output()}");
        Assert.Equal("SONY", job.GetProperty("metadata").GetProperty("camera_make").GetString());
        var urls = job.GetProperty("result_urls");
        Assert.Equal(["avif", "png", "webp"], urls.EnumerateObject().Select(p => p.Name).Order());
        await AssertDownloadAsync(urls.GetProperty("png").GetString()!, "pixtools_png_colorfulcups-exif-gps.png", "pngload", 320, 200);
        await AssertDownloadAsync(urls.GetProperty("webp").GetString()!, "pixtools_webp_colorfulcups-exif-gps.webp", "webpload", 400, 400);
        await AssertDownloadAsync(urls.GetProperty("avif").GetString()!, "pixtools_avif_colorfulcups-exif-gps.avif", "heifload", 320, 200);
        Assert.Equal([$"processed/{jobId}/avif.avif", $"processed/{jobId}/png.png", $"processed/{jobId}/webp.webp"], await cluster.ResultKeysAsync(jobId));
    }

    [Fact]
    public async Task DenoisesOnAnMlWorkerAndStoresTheAutomaticStrengthItChose()
    {
        var jobId = await client.SubmitAsync("coffee.png", "[\"denoise\"]", "{\"denoise\":{\"resize\":{\"width\":200}}}");
        var job = await client.WaitForTerminalAsync(jobId, TimeSpan.FromSeconds(90));

        Assert.True(job.GetProperty("status").GetString() == "COMPLETED", $"{job}\n{cluster.Output()}");
        // Written by the worker into PostgreSQL with the result, read back by the api.
        var strength = job.GetProperty("progress").GetProperty("denoise").GetProperty("strength").GetDouble();
        Assert.InRange(strength, 0, 75);
        Assert.Equal(Math.Round(strength, 1), strength);
    }

    [Fact]
    public async Task FailsACorruptImageNamingTheOperation()
    {
        var damaged = CraftedImages.PngWithDamagedImageData(TestPhotos.Read("coffee.png"));
        using var response = await client.PostAsync(JobClient.Form(damaged, "damaged.png", "image/png", "[\"webp\"]"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var jobId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("job_id").GetGuid();
        var job = await client.WaitForTerminalAsync(jobId, TimeSpan.FromSeconds(60));
        Assert.Equal("FAILED", job.GetProperty("status").GetString());
        Assert.Contains("operation webp failed", job.GetProperty("error_message").GetString());
    }

    [Fact]
    public async Task SameIdempotencyKeyReturnsSameJob()
    {
        var key = Guid.NewGuid().ToString();
        var photo = TestPhotos.Read("coffee.png");
        var ids = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            using var response = await client.PostAsync(JobClient.Form(photo, "coffee.png", "image/png", "[\"webp\"]"), key);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("job_id").GetGuid();
        }));
        Assert.Single(ids.Distinct());
        Assert.Equal("COMPLETED", (await client.WaitForTerminalAsync(ids[0], TimeSpan.FromSeconds(60))).GetProperty("status").GetString());
    }

    [Fact]
    public async Task AWorkerServesOnlyItsProbes()
    {
        using var worker = cluster.Workers[0].CreateClient();
        // Ready: a dependency check can miss its deadline once on a loaded machine, so the probe is asked until it says so.
        var readyStatus = HttpStatusCode.ServiceUnavailable;
        for (var attempt = 0; attempt < 30 && readyStatus != HttpStatusCode.OK; attempt++)
        {
            if (attempt > 0) await Task.Delay(1000);
            using var ready = await worker.GetAsync("/api/readyz");
            readyStatus = ready.StatusCode;
        }
        Assert.Equal(HttpStatusCode.OK, readyStatus);
        using var health = await worker.GetAsync("/api/health");
        var dependencies = JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement.GetProperty("dependencies");
        Assert.Equal(["database", "queue", "storage"], dependencies.EnumerateObject().Select(p => p.Name).Order());
        Assert.All(dependencies.EnumerateObject(), d => Assert.Equal("ok", d.Value.GetString()));
        using var submit = await worker.PostAsync("/api/process", new StringContent(""));
        Assert.Equal(HttpStatusCode.NotFound, submit.StatusCode);
    }

    private static async Task AssertDownloadAsync(string url, string fileName, string loader, int width, int height)
    {
        Assert.StartsWith(TestServices.S3ServiceUrl, url); // straight from the bucket, presigned
        using var http = new HttpClient();
        using var response = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(fileName, response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        using var image = Image.NewFromBuffer(await response.Content.ReadAsByteArrayAsync());
        Assert.StartsWith(loader, (string)image.Get("vips-loader"));
        Assert.Equal((width, height), (image.Width, image.Height));
    }
}
