using System.Diagnostics;
using System.Net;
using PixTools.IntegrationTests.Support;

namespace PixTools.IntegrationTests.Faults;

/// <summary>
/// PostgreSQL stops for 10 s during a run: readiness says so, submissions and polls answer 503 with Retry-After within
/// 2 s (leaving no stored upload behind), and everything recovers by itself with no job lost.
/// </summary>
[Collection(OutageCollection.Name)]
public sealed class DatabaseOutageTests(DistributedCluster cluster) : IClassFixture<DistributedCluster>
{
    [Fact]
    public async Task ReadinessFailsDuringADatabaseOutageAndEveryJobCompletesAfterIt()
    {
        var polled = (await cluster.SubmitManyAsync(40, "[\"webp\",\"avif\"]"))[0];
        await cluster.WaitForJobsAsync(c => c.GetValueOrDefault("COMPLETED") >= 5, TimeSpan.FromSeconds(60));
        using var api = cluster.Api.CreateClient();
        using var worker = cluster.Workers[0].CreateClient();

        var outage = Stopwatch.StartNew();
        await DistributedCluster.ControlAsync("stop", "postgres");
        try
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await ReadinessWithinAsync(api, HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(5)));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await ReadinessWithinAsync(worker, HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(5)));
            var sources = (await cluster.SourceKeysAsync()).Count;
            await AssertRefusedQuicklyAsync(() => cluster.Client.PostAsync(JobClient.Form(TestPhotos.Read("coffee.png"), "coffee.png", "image/png", "[\"webp\"]")));
            await AssertRefusedQuicklyAsync(() => api.GetAsync($"/api/jobs/{polled}"));
            Assert.Equal(sources, (await cluster.SourceKeysAsync()).Count);
            await Task.Delay(TimeSpan.FromSeconds(10) - outage.Elapsed);
        }
        finally
        {
            await DistributedCluster.ControlAsync("start", "postgres");
        }
        Assert.Equal(HttpStatusCode.OK, await ReadinessWithinAsync(api, HttpStatusCode.OK, TimeSpan.FromSeconds(30)));

        await cluster.WaitForJobsAsync(c => c.GetValueOrDefault("COMPLETED") + c.GetValueOrDefault("FAILED") == 40, TimeSpan.FromSeconds(180));
        Assert.Equal(new Dictionary<string, long> { ["COMPLETED"] = 40 }, await cluster.CountJobsAsync());
    }

    /// <summary>503 with Retry-After and a ProblemDetails body, within <paramref name="limit"/> (2 s unless given).</summary>
    internal static async Task AssertRefusedQuicklyAsync(Func<Task<HttpResponseMessage>> send, TimeSpan? limit = null)
    {
        var clock = Stopwatch.StartNew();
        using var response = await send();
        clock.Stop();
        await SubmitValidationTests.AssertProblemAsync(response, 503, "try again");
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.True(clock.Elapsed < (limit ?? TimeSpan.FromSeconds(2)), $"answered after {clock.Elapsed}");
    }

    private static async Task<HttpStatusCode> ReadinessWithinAsync(HttpClient client, HttpStatusCode wanted, TimeSpan timeout)
    {
        var giveUp = DateTime.UtcNow + timeout;
        HttpStatusCode last;
        do
        {
            try
            {
                using var response = await client.GetAsync("/api/readyz");
                last = response.StatusCode;
            }
            catch (HttpRequestException)
            {
                last = 0;
            }
            if (last == wanted) return last;
            await Task.Delay(200);
        }
        while (DateTime.UtcNow < giveUp);
        return last;
    }
}
