using PixTools.IntegrationTests.Support;

namespace PixTools.IntegrationTests.Observability;

/// <summary>The log of a real server process with the shipped logging settings: one line per job state change, no per-request lines.</summary>
public sealed class JobLogTests : IAsyncLifetime
{
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "pixtools-joblog-" + Guid.NewGuid().ToString("N"));
    private PixToolsLauncher? server;

    public async Task InitializeAsync() => server = await PixToolsProcess.StartAsync(dataDirectory);

    [Fact]
    public async Task EachStateChangeOfAJobIsOneStructuredLine()
    {
        var client = new JobClient(server!.CreateClient());
        var jobId = await client.SubmitAsync("rocket-orient6.jpg", "[\"webp\",\"avif\",\"png\"]");
        await client.WaitForStatusAsync(jobId, "COMPLETED");
        await Task.Delay(500);

        var lines = server.Output.Split('\n').Where(line => line.Contains(jobId.ToString(), StringComparison.Ordinal)).ToList();
        int Count(string text) => lines.Count(line => line.Contains(text, StringComparison.Ordinal));
        var log = string.Join('\n', lines);
        Assert.True(Count($"Job {jobId} accepted") == 1, log);
        Assert.True(Count($"Job {jobId} is processing (status PROCESSING)") == 1, log);
        Assert.True(Count($"Job {jobId} finished with status COMPLETED") == 1, log);
        // Three operations ran, but the job changed state three times only: PENDING (accepted), PROCESSING, COMPLETED.
        Assert.True(Count("status") == 2, log);
        Assert.DoesNotContain("Request starting", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Request finished", server.Output, StringComparison.Ordinal);
    }

    public Task DisposeAsync()
    {
        server?.Dispose();
        if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);
        return Task.CompletedTask;
    }
}
