using System.Text.Json;
using PixTools.Jobs;
using PixTools.Webhooks;

namespace PixTools.UnitTests.Webhooks;

public sealed class WebhookPayloadTests
{
    [Fact]
    public void PayloadHasTheContractFieldsInSnakeCase()
    {
        var jobId = Guid.CreateVersion7();
        var payload = new WebhookPayload(jobId, "COMPLETED", new Dictionary<string, string> { ["webp"] = "https://x/a.webp" },
            "https://x/a.zip", JsonDocument.Parse("""{"iso":200}""").RootElement, null,
            new Dictionary<string, PixTools.Jobs.Views.ResultView> { ["webp"] = new("https://x/a.webp", "webp", 320, 200, 12_345, 71, null) });

        var json = JsonDocument.Parse(payload.Serialize()).RootElement;

        Assert.Equal(["job_id", "status", "result_urls", "archive_url", "metadata", "error_message", "results"], json.EnumerateObject().Select(p => p.Name));
        var result = json.GetProperty("results").GetProperty("webp");
        Assert.Equal(["url", "format", "width", "height", "bytes", "quality"], result.EnumerateObject().Select(p => p.Name));
        Assert.Equal((320, 200, 12_345, 71), (result.GetProperty("width").GetInt32(), result.GetProperty("height").GetInt32(),
            result.GetProperty("bytes").GetInt64(), result.GetProperty("quality").GetInt32()));
        Assert.Equal(jobId, json.GetProperty("job_id").GetGuid());
        Assert.Equal("https://x/a.webp", json.GetProperty("result_urls").GetProperty("webp").GetString());
        Assert.Equal(200, json.GetProperty("metadata").GetProperty("iso").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("error_message").ValueKind);
    }

    [Fact]
    public void MessageIdIsStablePerJobAndStatus()
    {
        var jobId = Guid.CreateVersion7();
        Assert.Equal(WebhookPayload.MessageIdOf(jobId, JobStatus.COMPLETED), WebhookPayload.MessageIdOf(jobId, JobStatus.COMPLETED));
        Assert.NotEqual(WebhookPayload.MessageIdOf(jobId, JobStatus.COMPLETED), WebhookPayload.MessageIdOf(jobId, JobStatus.FAILED));
        Assert.Equal($"msg_{jobId:N}_FAILED", WebhookPayload.MessageIdOf(jobId, JobStatus.FAILED));
    }

    [Fact]
    public void DefaultRetriesSpanAboutFiveMinutes()
    {
        var options = new WebhookOptions();
        var waits = Enumerable.Range(2, options.MaxAttempts - 1).Select(options.DelayBefore).ToList();
        Assert.Equal([20, 40, 80, 160], waits.Select(w => w.TotalSeconds));
        Assert.Equal(TimeSpan.FromMinutes(5), waits.Aggregate(TimeSpan.Zero, (a, b) => a + b));
    }
}
