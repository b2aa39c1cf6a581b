using System.Net;
using PixTools.IntegrationTests.Support;

namespace PixTools.IntegrationTests.Overload;

/// <summary>
/// Open event streams are held to RateLimits:MaxEventStreams for the whole process (here 2): each reads its job up to
/// once a second for as long as the job waits, so an unbounded crowd of followers would take the CPU that accepts
/// uploads. Past the limit a stream is refused with 503 and Retry-After; polling still answers.
/// </summary>
public sealed class EventStreamLimitTests(EventStreamLimitTests.App app) : IClassFixture<EventStreamLimitTests.App>
{
    /// <summary>No conversion worker, so a submitted job waits and its streams stay open.</summary>
    public sealed class App : PixToolsApp
    {
        protected override IEnumerable<(string Key, string Value)> Settings =>
            [("RateLimits:MaxEventStreams", "2"), ("Worker:Queues", "ml")];
    }

    [Fact]
    public async Task AThirdStreamIsRefusedWith503UntilOneEnds()
    {
        var client = new JobClient(app.CreateClient());
        var jobId = await client.SubmitAsync("coffee.png", "[\"webp\"]");
        var first = await OpenAsync(client, $"/api/jobs/{jobId}/events");
        using var second = await OpenAsync(client, $"/api/jobs/{jobId}/events");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);

        using (var third = await OpenAsync(client, $"/api/jobs/{jobId}/events"))
        {
            await SubmitValidationTests.AssertProblemAsync(third, 503, "live updates for as many jobs as it can");
            Assert.Equal(TimeSpan.FromSeconds(5), third.Headers.RetryAfter?.Delta);
        }
        // A batch's stream counts against the same limit; polling is not limited by it.
        using (var batch = await OpenAsync(client, $"/api/batches/{Guid.NewGuid()}/events")) Assert.Equal(HttpStatusCode.ServiceUnavailable, batch.StatusCode);
        using (var poll = await client.Http.GetAsync($"/api/jobs/{jobId}")) Assert.Equal(HttpStatusCode.OK, poll.StatusCode);

        // A stream that ends gives its place back.
        first.Dispose();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        HttpStatusCode status;
        do
        {
            await Task.Delay(100);
            using var again = await OpenAsync(client, $"/api/jobs/{jobId}/events");
            status = again.StatusCode;
        }
        while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.OK, status);
    }

    private static Task<HttpResponseMessage> OpenAsync(JobClient client, string path) =>
        client.Http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
}
