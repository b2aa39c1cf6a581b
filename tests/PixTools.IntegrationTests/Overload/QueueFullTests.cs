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
        await client.SubmitAsync("coffee.png", "[\"webp\"]");
        await client.SubmitAsync("coffee.png", "[\"jpg\"]");

        using (var refused = await client.PostAsync(JobClient.Form(photo, "coffee.png", "image/png", "[\"avif\"]"), "retry-me"))
        {
            await SubmitValidationTests.AssertProblemAsync(refused, 503, "queue is full");
            Assert.NotNull(refused.Headers.RetryAfter);
        }
        Assert.Equal(new Dictionary<string, long> { ["PENDING"] = 2 }, await cluster.CountJobsAsync());
        Assert.Equal(2, (await cluster.SourceKeysAsync()).Count);

        // A worker drains the queue; the same request with the same key is then accepted, once.
        await cluster.StartWorkerAsync();
        await cluster.WaitForJobsAsync(c => c.GetValueOrDefault("COMPLETED") == 2, TimeSpan.FromSeconds(90));
        var first = await SubmitWithKeyAsync(client, photo);
        var second = await SubmitWithKeyAsync(client, photo);
        Assert.Equal(first, second);
        await cluster.WaitForJobsAsync(c => c.GetValueOrDefault("COMPLETED") == 3, TimeSpan.FromSeconds(90));
        Assert.Equal(new Dictionary<string, long> { ["COMPLETED"] = 3 }, await cluster.CountJobsAsync());
    }

    private static async Task<Guid> SubmitWithKeyAsync(JobClient client, byte[] photo)
    {
        using var response = await client.PostAsync(JobClient.Form(photo, "coffee.png", "image/png", "[\"avif\"]"), "retry-me");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"expected 202, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("job_id").GetGuid();
    }
}
