using PixTools.IntegrationTests.Support;

namespace PixTools.IntegrationTests.Faults;

/// <summary>
/// RabbitMQ restarts during a run: submits meanwhile are refused with 503 and Retry-After within the publish budget
/// (never a hang, no stored upload left behind), the clients
/// retry with their Idempotency-Key, connections and consumers recover, and every accepted job completes once.
/// </summary>
[Collection(OutageCollection.Name)]
public sealed class BrokerRestartTests(DistributedCluster cluster) : IClassFixture<DistributedCluster>
{
    [Fact]
    public async Task EveryJobCompletesAcrossABrokerRestart()
    {
        var ids = await cluster.SubmitManyAsync(60, "[\"webp\",\"avif\"]");
        await cluster.WaitForJobsAsync(c => c.GetValueOrDefault("COMPLETED") >= 5, TimeSpan.FromSeconds(60));
        await DistributedCluster.ControlAsync("stop", "rabbitmq");
        Task<List<Guid>> during;
        try
        {
            // The publish budget is 1.5 s; 3 s leaves room for a busy CI machine (before, a submit waited for the broker).
            var sources = (await cluster.SourceKeysAsync()).Count;
            await DatabaseOutageTests.AssertRefusedQuicklyAsync(
                () => cluster.Client.PostAsync(JobClient.Form(TestPhotos.Read("coffee.png"), "coffee.png", "image/png", "[\"webp\"]")), TimeSpan.FromSeconds(3));
            Assert.Equal(sources, (await cluster.SourceKeysAsync()).Count);
            during = cluster.SubmitManyAsync(20, "[\"webp\"]", retryWhenUnavailable: true); // accepted once the broker is back
            await Task.Delay(TimeSpan.FromSeconds(3));
        }
        finally
        {
            await DistributedCluster.ControlAsync("start", "rabbitmq");
        }
        ids.AddRange(await during);

        await cluster.WaitForJobsAsync(c => c.GetValueOrDefault("COMPLETED") + c.GetValueOrDefault("FAILED") == 80, TimeSpan.FromSeconds(180));
        Assert.Equal(new Dictionary<string, long> { ["COMPLETED"] = 80 }, await cluster.CountJobsAsync());
        Assert.Equal(80, ids.Distinct().Count());
    }
}
