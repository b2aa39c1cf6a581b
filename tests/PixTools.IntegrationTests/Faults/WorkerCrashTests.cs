using PixTools.IntegrationTests.Support;

namespace PixTools.IntegrationTests.Faults;

/// <summary>kill -9 of one of two workers in the middle of 200 jobs: its unacked messages go to the other one.</summary>
[Collection(OutageCollection.Name)]
public sealed class WorkerCrashTests(DistributedCluster cluster) : IClassFixture<DistributedCluster>
{
    private const int Jobs = 200;

    [Fact]
    public async Task EveryJobCompletesOnceAfterAWorkerIsKilled()
    {
        var ids = await cluster.SubmitManyAsync(Jobs / 2, "[\"webp\",\"avif\"]");
        await cluster.WaitForJobsAsync(c => c.GetValueOrDefault("COMPLETED") >= 10, TimeSpan.FromSeconds(60));
        cluster.Workers[0].Kill();
        var before = (await cluster.CountJobsAsync()).GetValueOrDefault("COMPLETED");
        Assert.True(before < Jobs / 2, "every job finished before the kill; the test proves nothing");
        ids.AddRange(await cluster.SubmitManyAsync(Jobs / 2, "[\"webp\",\"avif\"]"));

        await cluster.WaitForJobsAsync(c => c.GetValueOrDefault("COMPLETED") + c.GetValueOrDefault("FAILED") == Jobs, TimeSpan.FromSeconds(180));
        Assert.Equal(new Dictionary<string, long> { ["COMPLETED"] = Jobs }, await cluster.CountJobsAsync());
        foreach (var id in ids)
        {
            Assert.Equal([$"processed/{id}/avif.avif", $"processed/{id}/webp.webp"], await cluster.ResultKeysAsync(id));
        }
        var job = await cluster.Client.GetJobAsync(ids[^1]);
        Assert.Equal(["avif", "webp"], job.GetProperty("result_urls").EnumerateObject().Select(p => p.Name).Order());
    }
}
