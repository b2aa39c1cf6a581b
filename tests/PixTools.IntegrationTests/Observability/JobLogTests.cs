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
        // Each scope reads as its values (as the framework's do), never as a collection's type name.
        Assert.DoesNotContain("System.Collections.Generic", server.Output, StringComparison.Ordinal);
        var accepted = lines.Single(line => line.Contains($"Job {jobId} accepted", StringComparison.Ordinal));
        using var json = System.Text.Json.JsonDocument.Parse(accepted);
        var scopes = json.RootElement.GetProperty("Scopes").EnumerateArray().ToList();
        Assert.Contains(scopes, s => s.TryGetProperty("JobId", out var id) && id.GetString() == jobId.ToString()
            && s.GetProperty("Message").GetString() == $"JobId:{jobId}");
    }

    [Fact]
    public async Task LibvipsOwnMessagesAboutADamagedFileStayOutOfTheLog()
    {
        // libvips wrote "(process:N): VIPS-WARNING **: … IDAT: invalid distance too far back" and "error in tile 0 x 0"
        // to stderr, unstructured lines among the JSON ones; they are Debug events now, and the job's reason says it.
        var client = new JobClient(server!.CreateClient());
        var damaged = CraftedImages.PngWithDamagedImageData(TestPhotos.Read("coffee.png"));
        using var response = await client.PostAsync(JobClient.Form(damaged, "damaged.png", "image/png", "[\"webp\",\"jpg\"]"));
        var jobId = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("job_id").GetGuid();
        await client.WaitForStatusAsync(jobId, "FAILED");
        await Task.Delay(500);

        Assert.Contains($"Job {jobId} finished with status FAILED", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("VIPS-WARNING", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("error in tile", server.Output, StringComparison.Ordinal);
        Assert.All(server.Output.Split('\n').Where(line => line.Length > 0), line => Assert.StartsWith("{", line));
    }

    public Task DisposeAsync()
    {
        server?.Dispose();
        if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);
        return Task.CompletedTask;
    }
}
