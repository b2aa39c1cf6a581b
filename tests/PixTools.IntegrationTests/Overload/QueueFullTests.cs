using System.Net;
using System.Text.Json;
using PixTools.IntegrationTests.Support;

namespace PixTools.IntegrationTests.Overload;

/// <summary>
/// The distributed profile with RabbitMQ work queues of at most 2 messages and no worker yet: the broker refuses the
/// third publish (reject-publish), the client gets 503 and nothing of that job remains (no row, no stored upload);
/// retried with its Idempotency-Key once there is room, it makes exactly one job.
/// </summary>
public sealed class QueueFullTests(QueueFullTests.Cluster cluster) : IClassFixture<QueueFullTests.Cluster>
{
    public sealed class Cluster : DistributedCluster
    {
        public Cluster()
        {
            WorkerCount = 0;
            ExtraSettings = new Dictionary<string, string> { ["PIXTOOLS_QUEUE__RABBITMQ__MAXLENGTH"] = "2" };
        }
    }

    [Fact]
    public async Task ARefusedPublishLeavesNoJobAndTheRetryMakesOne()
    {
        var client = cluster.Client;
        var photo = TestPhotos.Read("coffee.png");
        // Quorum queues check the length as messages are enqueued, so one may land over it before the queue refuses:
        // submit until a publish is refused. Every job accepted until then stays; the refused one leaves nothing.
        var accepted = 0;
        string? refusedKey = null;
        for (var i = 0; i < 6 && refusedKey is null; i++)
        {
            using var response = await client.PostAsync(JobClient.Form(photo, "coffee.png", "image/png", "[\"avif\"]"), $"fill-{i}");
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                accepted++;
                continue;
            }
            await SubmitValidationTests.AssertProblemAsync(response, 503, "queue is full");
            Assert.NotNull(response.Headers.RetryAfter);
            refusedKey = $"fill-{i}";
        }
        Assert.NotNull(refusedKey);
        Assert.InRange(accepted, 2, 4);
        Assert.Equal(new Dictionary<string, long> { ["PENDING"] = accepted }, await cluster.CountJobsAsync());
        Assert.Equal(accepted, (await cluster.SourceKeysAsync()).Count);

        // A worker drains the queue; the same request with the same key is then accepted, once.
        await cluster.StartWorkerAsync();
        await cluster.WaitForJobsAsync(c => c.GetValueOrDefault("COMPLETED") == accepted, TimeSpan.FromSeconds(120));
        var first = await SubmitWithKeyAsync(client, photo, refusedKey!);
        var second = await SubmitWithKeyAsync(client, photo, refusedKey!);
        Assert.Equal(first, second);
        await cluster.WaitForJobsAsync(c => c.GetValueOrDefault("COMPLETED") == accepted + 1, TimeSpan.FromSeconds(120));
        Assert.Equal(new Dictionary<string, long> { ["COMPLETED"] = accepted + 1 }, await cluster.CountJobsAsync());
    }

    private static async Task<Guid> SubmitWithKeyAsync(JobClient client, byte[] photo, string key)
    {
        using var response = await client.PostAsync(JobClient.Form(photo, "coffee.png", "image/png", "[\"avif\"]"), key);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"expected 202, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("job_id").GetGuid();
    }
}
