using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PixTools.IntegrationTests.Support;
using PixTools.Jobs;
using PixTools.Operations;
using PixTools.Queue;
using PixTools.Storage;

namespace PixTools.IntegrationTests;

/// <summary>With Webhooks:AllowPrivateNetworks off (the default): private destinations refused at submit and at delivery; built-in inboxes still work.</summary>
public sealed class WebhookSsrfAndInboxTests(WebhookSsrfAndInboxTests.App app) : IClassFixture<WebhookSsrfAndInboxTests.App>
{
    private const string ApiKey = "webhook-tests-key";
    private readonly JobClient client = new(WithKey(app.CreateClient()));

    public sealed class App : PixToolsApp
    {
        protected override IEnumerable<(string Key, string Value)> Settings =>
        [
            ("Api:ApiKey", ApiKey),
            ("Webhooks:MaxAttempts", "2"),
            ("Webhooks:FirstRetryDelay", "00:00:00.050"),
        ];
    }

    [Theory]
    [InlineData("http://127.0.0.1/x")]
    [InlineData("http://169.254.169.254/latest")]
    [InlineData("http://[::1]/")]
    [InlineData("http://10.0.0.1/")]
    [InlineData("http://localhost:8080/hook")]
    public async Task RefusesAPrivateDestinationAtSubmit(string url)
    {
        using var response = await client.PostAsync(JobClient.Form(TestPhotos.Read("coffee.png"), "coffee.png", "image/png", "[\"metadata\"]", webhookUrl: url));
        await SubmitValidationTests.AssertProblemAsync(response, 422, "webhook_url must not point to a private or loopback address");
    }

    [Fact]
    public async Task TestEndpointRefusesAPrivateDestination()
    {
        using var response = await client.Http.PostAsJsonAsync("/api/webhooks/test", new { url = "http://169.254.169.254/latest/meta-data" });
        await SubmitValidationTests.AssertProblemAsync(response, 422, "url must not point to a private or loopback address");
        using var missing = await client.Http.PostAsJsonAsync("/api/webhooks/test", new { });
        await SubmitValidationTests.AssertProblemAsync(missing, 422, "url is required");
    }

    /// <summary>
    /// A name submit cannot judge (here one that resolves to 127.0.0.1, as a rebinding name would after it was
    /// accepted) is refused at connect time. The job is stored directly, as submit would have stored a public name.
    /// </summary>
    [Fact]
    public async Task RefusesAtDeliveryAHostThatResolvesToLoopback()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var jobId = await StoreMetadataJobAsync($"http://localhost:{receiver.BaseAddress.Port}/hook");

        await client.WaitForStatusAsync(jobId, "COMPLETED_WEBHOOK_FAILED");
        var attempts = (await client.WaitForWebhookAttemptsAsync(jobId, 2)).GetProperty("deliveries").EnumerateArray().ToList();
        Assert.All(attempts, a => Assert.Equal("refused", a.GetProperty("outcome").GetString()));
        Assert.Contains("private or loopback", attempts[0].GetProperty("error").GetString());
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task InboxReceivesAJobsWebhookWithAValidSignature()
    {
        var inbox = await CreateInboxAsync();
        var url = inbox.GetProperty("url").GetString()!;
        Assert.EndsWith($"/api/webhook-inboxes/{inbox.GetProperty("id").GetGuid()}/deliveries", url);
        Assert.True(DateTime.Parse(inbox.GetProperty("expires_at").GetString()!).ToUniversalTime() > DateTime.UtcNow.AddHours(23));

        var jobId = await client.SubmitAsync("colorfulcups-exif-gps.jpg", "[\"metadata\"]", webhookUrl: url);

        var delivery = (await WaitForInboxAsync(inbox.GetProperty("id").GetGuid(), 1))[0];
        Assert.True(delivery.GetProperty("signature_valid").GetBoolean());
        Assert.Equal($"msg_{jobId:N}_COMPLETED", delivery.GetProperty("headers").GetProperty("webhook-id").GetString());
        var payload = JsonDocument.Parse(delivery.GetProperty("body").GetString()!).RootElement;
        Assert.Equal(jobId, payload.GetProperty("job_id").GetGuid());
        var attempt = Assert.Single((await client.WaitForWebhookAttemptsAsync(jobId, 1)).GetProperty("deliveries").EnumerateArray());
        Assert.Equal("delivered", attempt.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task InboxTakesDeliveriesWithoutTheApiKeyAndFlagsABadSignature()
    {
        var inbox = await CreateInboxAsync();
        var id = inbox.GetProperty("id").GetGuid();
        using var anonymous = app.CreateClient();
        using var posted = await anonymous.PostAsync($"/api/webhook-inboxes/{id}/deliveries", new StringContent("{\"hello\":1}"));
        Assert.Equal(HttpStatusCode.NoContent, posted.StatusCode);
        using var listing = await anonymous.GetAsync($"/api/webhook-inboxes/{id}");
        Assert.Equal(HttpStatusCode.Unauthorized, listing.StatusCode);

        var delivery = Assert.Single(await WaitForInboxAsync(id, 1));
        Assert.False(delivery.GetProperty("signature_valid").GetBoolean());
        Assert.Equal("{\"hello\":1}", delivery.GetProperty("body").GetString());

        using var unknown = await anonymous.PostAsync($"/api/webhook-inboxes/{Guid.NewGuid()}/deliveries", new StringContent("{}"));
        await SubmitValidationTests.AssertProblemAsync(unknown, 404, "not found");
        using var huge = await anonymous.PostAsync($"/api/webhook-inboxes/{id}/deliveries", new ByteArrayContent(new byte[300 * 1024]));
        await SubmitValidationTests.AssertProblemAsync(huge, 413, "262144");
    }

    [Fact]
    public async Task TestEndpointDeliversToAnInbox()
    {
        var inbox = await CreateInboxAsync();
        using var response = await client.Http.PostAsJsonAsync("/api/webhooks/test", new { url = inbox.GetProperty("url").GetString() });
        var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.True(result.GetProperty("delivered").GetBoolean(), result.ToString());
        var delivery = Assert.Single(await WaitForInboxAsync(inbox.GetProperty("id").GetGuid(), 1));
        Assert.True(delivery.GetProperty("signature_valid").GetBoolean());
    }

    private async Task<JsonElement> CreateInboxAsync()
    {
        using var response = await client.Http.PostAsync("/api/webhook-inboxes", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private async Task<IReadOnlyList<JsonElement>> WaitForInboxAsync(Guid inboxId, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var inbox = JsonDocument.Parse(await client.Http.GetStringAsync($"/api/webhook-inboxes/{inboxId}")).RootElement.Clone();
            var deliveries = inbox.GetProperty("deliveries").EnumerateArray().ToList();
            if (deliveries.Count >= count) return deliveries;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"inbox {inboxId} has {deliveries.Count} of {count} deliveries: {inbox}");
            await Task.Delay(50);
        }
    }

    private async Task<Guid> StoreMetadataJobAsync(string webhookUrl)
    {
        var id = Guid.CreateVersion7();
        var job = new Job
        {
            Id = id,
            Status = JobStatus.PENDING,
            Operations = ["metadata"],
            SourceKey = BlobKeys.Source(id, "coffee", ImageFormats.Png),
            SourceFormat = ImageFormats.Png.Operation,
            OriginalName = "coffee",
            WebhookUrl = webhookUrl,
            Runs = [new OperationRun { JobId = id, Operation = "metadata", Status = OperationRunStatus.Pending, ParamsJson = "{}" }],
        };
        await using (var source = new MemoryStream(TestPhotos.Read("coffee.png")))
        {
            await app.Services.GetRequiredService<IBlobStore>().PutAsync(job.SourceKey, source, "image/png", CancellationToken.None);
        }
        await app.Services.GetRequiredService<JobStore>().CreateAsync(job, null, "test", CancellationToken.None);
        await app.Services.GetRequiredService<IWorkQueue>().PublishAsync(new WorkMessage(id, "metadata", null), CancellationToken.None);
        return id;
    }

    private static HttpClient WithKey(HttpClient http)
    {
        http.DefaultRequestHeaders.Add("X-API-Key", ApiKey);
        return http;
    }
}
