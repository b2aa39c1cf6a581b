using System.Diagnostics;
using System.Net;
using System.Text.Json;
using PixTools.IntegrationTests.Support;

namespace PixTools.IntegrationTests.Faults;

/// <summary>
/// The S3 server stops for 20 s while jobs run (longer than the old ~7 s retry budget): readiness answers 503 naming
/// storage, submissions answer 503, and once storage is back every job accepted before completes, with its archive.
/// </summary>
[Collection(OutageCollection.Name)]
public sealed class StorageOutageTests(DistributedCluster cluster) : IClassFixture<DistributedCluster>
{
    [Fact]
    public async Task ReadinessNamesStorageAndEveryJobCompletesWithItsArchiveAfterTheOutage()
    {
        var ids = await cluster.SubmitManyAsync(30, "[\"webp\",\"avif\"]");
        await cluster.WaitForJobsAsync(c => c.GetValueOrDefault("COMPLETED") >= 3, TimeSpan.FromSeconds(60));
        using var api = cluster.Api.CreateClient();

        var outage = Stopwatch.StartNew();
        await DistributedCluster.ControlAsync("stop", "s3");
        try
        {
            var (status, body) = await ReadinessAsync(api);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.StartsWith("error", JsonDocument.Parse(body).RootElement.GetProperty("dependencies").GetProperty("storage").GetString());

            var clock = Stopwatch.StartNew();
            using var refused = await cluster.Client.PostAsync(JobClient.Form(TestPhotos.Read("coffee.png"), "coffee.png", "image/png", "[\"webp\"]"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"answered after {clock.Elapsed}");

            await Task.Delay(TimeSpan.FromSeconds(20) - outage.Elapsed);
        }
        finally
        {
            await DistributedCluster.ControlAsync("start", "s3");
        }

        await cluster.WaitForJobsAsync(c => c.GetValueOrDefault("COMPLETED") + c.GetValueOrDefault("FAILED") == 30, TimeSpan.FromSeconds(180));
        Assert.Equal(new Dictionary<string, long> { ["COMPLETED"] = 30 }, await cluster.CountJobsAsync());
        // Each job gets its archive_url after the outage (the wait fails the test when one does not within 30 s).
        foreach (var id in ids) await cluster.Client.WaitForArchiveAsync(id);
        Assert.Equal(HttpStatusCode.OK, (await ReadinessAsync(api)).Status);
    }

    private static async Task<(HttpStatusCode Status, string Body)> ReadinessAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/readyz");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
