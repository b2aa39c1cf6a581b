using System.Net;
using System.Text.Json;
using PixTools.IntegrationTests.Support;

namespace PixTools.IntegrationTests.Batches;

/// <summary>The batch webhook's delivery log, run on both profiles with <see cref="BatchScenarios.Settings"/> (retries 200 ms apart).</summary>
public static class BatchWebhookScenarios
{
    /// <summary>
    /// GET /api/batches/{id}/webhook-deliveries: each attempt of the batch's one webhook (a 503 retried, then delivered, with one
    /// webhook-id), a webhook given up after Webhooks:MaxAttempts, and a batch without one; malformed 400, unknown 404.
    /// </summary>
    public static async Task WebhookDeliveriesOfABatchAreListedAsync(BatchClient client, TimeSpan timeout)
    {
        await using var flaky = await WebhookReceiver.StartAsync(n => n == 1 ? 503 : 200);
        var retried = await client.SubmitAsync([BatchFile.Photo("rocket-orient6.jpg")], "[\"webp\"]", flaky.Url);
        var retriedId = retried.GetProperty("batch_id").GetGuid();
        var received = await flaky.WaitForAsync(2, timeout);
        Assert.Equal(2, received.Count);
        Assert.Single(received.Select(r => r.Headers["webhook-id"].ToString()).Distinct());
        var view = await WaitForWebhookStateAsync(client, retriedId, "delivered", timeout);
        var attempts = view.GetProperty("deliveries").EnumerateArray().ToList();
        Assert.Equal([1, 2], attempts.Select(a => a.GetProperty("attempt").GetInt32()));
        Assert.Equal([503, 200], attempts.Select(a => a.GetProperty("status_code").GetInt32()));
        Assert.Equal(["http_error", "delivered"], attempts.Select(a => a.GetProperty("outcome").GetString()));
        Assert.All(attempts, a => Assert.EndsWith("Z", a.GetProperty("attempted_at").GetString()));

        await using var dead = await WebhookReceiver.StartAsync(_ => 500);
        var failed = await client.SubmitAsync([BatchFile.Photo("camera-gray.png")], "[\"webp\"]", dead.Url);
        var failedView = await WaitForWebhookStateAsync(client, failed.GetProperty("batch_id").GetGuid(), "failed", timeout);
        Assert.Equal(5, failedView.GetProperty("deliveries").GetArrayLength());
        // Each attempt got the 500, or was not sent while the host's circuit breaker was open after them.
        var failedAttempts = failedView.GetProperty("deliveries").EnumerateArray().ToList();
        Assert.Equal(500, failedAttempts[0].GetProperty("status_code").GetInt32());
        Assert.All(failedAttempts, a => Assert.Contains(a.GetProperty("outcome").GetString(), new[] { "http_error", "circuit_open" }));

        var none = await client.SubmitAsync([BatchFile.Photo("camera-gray.png")], "[\"webp\"]");
        var noneView = await WaitForWebhookStateAsync(client, none.GetProperty("batch_id").GetGuid(), "none", timeout);
        Assert.Equal(0, noneView.GetProperty("deliveries").GetArrayLength());

        using var malformed = await client.Http.GetAsync("/api/batches/not-a-uuid/webhook-deliveries");
        await SubmitValidationTests.AssertProblemAsync(malformed, 400, "batch_id must be a UUID");
        using var unknown = await client.Http.GetAsync($"/api/batches/{Guid.NewGuid()}/webhook-deliveries");
        await SubmitValidationTests.AssertProblemAsync(unknown, 404, "was not found");
    }

    private static async Task<JsonElement> WaitForWebhookStateAsync(BatchClient client, Guid batchId, string state, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using var response = await client.Http.GetAsync($"/api/batches/{batchId}/webhook-deliveries");
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            var view = JsonDocument.Parse(body).RootElement.Clone();
            Assert.Equal(batchId, view.GetProperty("batch_id").GetGuid());
            if (view.GetProperty("state").GetString() == state) return view;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"batch {batchId}'s webhook not {state} after {timeout}: {body}");
            await Task.Delay(100);
        }
    }
}
