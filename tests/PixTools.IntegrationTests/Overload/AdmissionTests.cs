using System.Net;
using System.Text.Json;
using PixTools.IntegrationTests.Support;
using PixTools.Testing;

namespace PixTools.IntegrationTests.Overload;

/// <summary>
/// Bounded admission on the real server: this process consumes only the ml queue, so conversions stay queued and
/// the ceiling of 2 unfinished jobs is reached by two submissions; the third is refused with 503 and Retry-After
/// before a byte of its body is sent.
/// </summary>
public sealed class AdmissionTests(AdmissionTests.Server fixture) : IClassFixture<AdmissionTests.Server>
{
    private readonly PixToolsLauncher? server = fixture.Process;

    public sealed class Server() : StalledServer(maxUnfinishedJobs: 2);

    [Fact]
    public async Task AFullServiceAnswers503WithRetryAfterBeforeReadingTheBody()
    {
        var client = new JobClient(server!.CreateClient());
        await client.SubmitAsync("coffee.png", "[\"webp\"]");
        await client.SubmitAsync("coffee.png", "[\"jpg\"]");

        // A declared 5 MB body behind Expect: 100-continue: the server answers before asking for it.
        var (refused, bytesRead) = await StalledServer.SendUnreadBodyAsync(server!, "/api/process");
        using var _ = refused;
        await SubmitValidationTests.AssertProblemAsync(refused, 503, "unfinished jobs");
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter!.Value.TotalSeconds, 1, 60);
        Assert.True(bytesRead < 64 * 1024, $"{bytesRead} bytes of a refused body were read");

        // An ordinary upload is refused the same way, and no job is made of it.
        using var ordinary = await client.PostAsync(JobClient.Form(TestPhotos.Read("coffee.png"), "coffee.png", "image/png", "[\"avif\"]"));
        await SubmitValidationTests.AssertProblemAsync(ordinary, 503, "try again");
        Assert.NotNull(ordinary.Headers.RetryAfter);
    }

    [Fact]
    public async Task TheStartLogHasNoEntityFrameworkWarning()
    {
        using var http = server!.CreateClient();
        using (var ready = await http.GetAsync("/api/readyz")) Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using (var poll = await http.GetAsync($"/api/jobs/{Guid.NewGuid()}")) Assert.Equal(HttpStatusCode.NotFound, poll.StatusCode);
        await Task.Delay(500);
        var warnings = server.Output.Split('\n')
            .Where(line => line.Contains("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) && line.Contains("Warn", StringComparison.OrdinalIgnoreCase))
            .ToList();
        Assert.True(warnings.Count == 0, string.Join('\n', warnings));
        Assert.DoesNotContain("10103", server.Output, StringComparison.Ordinal);
    }
}
