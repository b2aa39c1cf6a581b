using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PixTools.IntegrationTests.Support;
using StandardWebhooks;

namespace PixTools.IntegrationTests;

/// <summary>Job webhooks against real receivers on 127.0.0.1: signed, retried, and cut off per host by a circuit breaker.</summary>
public sealed class WebhookDeliveryTests(WebhookDeliveryTests.App app) : IClassFixture<WebhookDeliveryTests.App>
{
    public const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const int MaxAttempts = 4;
    private readonly JobClient client = new(app.CreateClient());

    public sealed class App : PixToolsApp
    {
        protected override IEnumerable<(string Key, string Value)> Settings =>
        [
            ("Webhooks:AllowPrivateNetworks", "true"),
            ("Webhooks:SigningSecret", Secret),
            ("Webhooks:MaxAttempts", MaxAttempts.ToString()),
            ("Webhooks:FirstRetryDelay", "00:00:00.050"),
            ("Webhooks:Timeout", "00:00:02"),
            ("Webhooks:BreakerBreakDuration", "00:01:00"),
        ];
    }

    [Fact]
    public async Task DeliversASignedPayloadThatVerifies()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var jobId = await client.SubmitAsync("coffee.png", "[\"webp\"]", webhookUrl: receiver.Url);

        var received = Assert.Single(await receiver.WaitForAsync(1));
        new StandardWebhook(Secret).Verify(received.Body, received.Headers);
        Assert.Equal($"msg_{jobId:N}_COMPLETED", received.Headers["webhook-id"].ToString());
        var payload = JsonDocument.Parse(received.Body).RootElement;
        Assert.Equal(["job_id", "status", "result_urls", "archive_url", "metadata", "error_message", "results"], payload.EnumerateObject().Select(p => p.Name));
        Assert.Equal(jobId, payload.GetProperty("job_id").GetGuid());
        Assert.Equal("COMPLETED", payload.GetProperty("status").GetString());
        Assert.StartsWith("http", payload.GetProperty("result_urls").GetProperty("webp").GetString());
        // The same results as a poll gives: no poll needed to know what was made.
        var webp = payload.GetProperty("results").GetProperty("webp");
        Assert.Equal(("webp", 600, 400, 80), (webp.GetProperty("format").GetString(), webp.GetProperty("width").GetInt32(),
            webp.GetProperty("height").GetInt32(), webp.GetProperty("quality").GetInt32()));
        Assert.True(webp.GetProperty("bytes").GetInt64() > 0);

        var attempt = Assert.Single((await client.WaitForWebhookAttemptsAsync(jobId, 1)).GetProperty("deliveries").EnumerateArray());
        Assert.Equal("delivered", attempt.GetProperty("outcome").GetString());
        Assert.Equal(200, attempt.GetProperty("status_code").GetInt32());
        Assert.Equal("COMPLETED", (await client.GetJobAsync(jobId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task DeliversForAMetadataOnlyJob()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var jobId = await client.SubmitAsync("colorfulcups-exif-gps.jpg", "[\"metadata\"]", webhookUrl: receiver.Url);

        var payload = JsonDocument.Parse(Assert.Single(await receiver.WaitForAsync(1)).Body).RootElement;
        Assert.Equal(jobId, payload.GetProperty("job_id").GetGuid());
        Assert.Equal("SONY", payload.GetProperty("metadata").GetProperty("camera_make").GetString());
        Assert.Empty(payload.GetProperty("result_urls").EnumerateObject());
    }

    [Fact]
    public async Task RetriesFailuresThenSucceeds()
    {
        await using var receiver = await WebhookReceiver.StartAsync(n => n switch { 1 => 500, 2 => 503, _ => 200 });
        var jobId = await client.SubmitAsync("coffee.png", "[\"metadata\"]", webhookUrl: receiver.Url);

        var attempts = (await client.WaitForWebhookAttemptsAsync(jobId, 3)).GetProperty("deliveries").EnumerateArray().ToList();
        Assert.Equal(["http_error", "http_error", "delivered"], attempts.Select(a => a.GetProperty("outcome").GetString()));
        Assert.Equal([500, 503, 200], attempts.Select(a => a.GetProperty("status_code").GetInt32()));
        Assert.Equal([1, 2, 3], attempts.Select(a => a.GetProperty("attempt").GetInt32()));
        Assert.All(attempts, a => Assert.True(a.GetProperty("latency_ms").GetInt64() >= 0));
        Assert.Single(receiver.Received.Select(r => r.Headers["webhook-id"].ToString()).Distinct());
        Assert.Equal("COMPLETED", (await client.WaitForTerminalAsync(jobId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task ADeadEndpointEndsWebhookFailedAndOpensOnlyItsHostsBreaker()
    {
        await using var dead = await WebhookReceiver.StartAsync(_ => 503);
        await using var alive = await WebhookReceiver.StartAsync();
        var jobId = await client.SubmitAsync("coffee.png", "[\"webp\"]", webhookUrl: dead.Url);

        var job = await client.WaitForStatusAsync(jobId, "COMPLETED_WEBHOOK_FAILED");
        var attempts = (await client.WaitForWebhookAttemptsAsync(jobId, MaxAttempts)).GetProperty("deliveries").EnumerateArray().ToList();
        // Three failures open the breaker (BreakerMinimumThroughput 3); the fourth attempt never reaches the host.
        Assert.Equal(["http_error", "http_error", "http_error", "circuit_open"], attempts.Select(a => a.GetProperty("outcome").GetString()));
        Assert.Equal("circuit open", attempts[^1].GetProperty("error").GetString());
        Assert.Equal(3, dead.Received.Count);
        using (var download = await client.Http.GetAsync(job.GetProperty("result_urls").GetProperty("webp").GetString()))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        }

        var otherJob = await client.SubmitAsync("coffee.png", "[\"metadata\"]", webhookUrl: alive.Url);
        Assert.Single(await alive.WaitForAsync(1));
        Assert.Equal("delivered", (await client.WaitForWebhookAttemptsAsync(otherJob, 1)).GetProperty("deliveries")[0].GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task AFailedJobIsNotifiedAndStaysFailedWhenItsWebhookFails()
    {
        await using var receiver = await WebhookReceiver.StartAsync(_ => 500);
        var damaged = CraftedImages.PngWithDamagedImageData(TestPhotos.Read("coffee.png"));
        using var response = await client.PostAsync(JobClient.Form(damaged, "damaged.png", "image/png", "[\"webp\"]", webhookUrl: receiver.Url));
        var jobId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("job_id").GetGuid();

        await client.WaitForWebhookAttemptsAsync(jobId, MaxAttempts);
        var payload = JsonDocument.Parse(receiver.Received.First().Body).RootElement;
        Assert.Equal("FAILED", payload.GetProperty("status").GetString());
        Assert.Contains("webp", payload.GetProperty("error_message").GetString());
        await Task.Delay(200); // the outcome is written right after the last attempt; give a wrong update the chance to land
        Assert.Equal("FAILED", (await client.GetJobAsync(jobId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task TestEndpointSendsASignedSampleOnce()
    {
        await using var receiver = await WebhookReceiver.StartAsync(_ => 202);
        using var response = await client.Http.PostAsJsonAsync("/api/webhooks/test", new { url = receiver.Url });
        var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(result.GetProperty("delivered").GetBoolean());
        Assert.Equal(202, result.GetProperty("status_code").GetInt32());
        var received = Assert.Single(receiver.Received);
        new StandardWebhook(Secret).Verify(received.Body, received.Headers);
        Assert.Equal(Guid.Empty, JsonDocument.Parse(received.Body).RootElement.GetProperty("job_id").GetGuid());
    }

    [Fact]
    public async Task TestEndpointReportsAFailureWithoutRetrying()
    {
        await using var receiver = await WebhookReceiver.StartAsync(_ => 404);
        using var response = await client.Http.PostAsJsonAsync("/api/webhooks/test", new { url = receiver.Url });
        var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.False(result.GetProperty("delivered").GetBoolean());
        Assert.Equal(404, result.GetProperty("status_code").GetInt32());
        Assert.Equal("HTTP 404", result.GetProperty("error").GetString());
        Assert.Single(receiver.Received);
    }
}
