using System.Text.Json;
using PixTools.IntegrationTests.Support;

namespace PixTools.IntegrationTests;

/// <summary>The embedded default survives kill -9: the database is the source of truth, the sweeper re-sends what the lost queue held.</summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private const int JobCount = 50;
    private static readonly string[] Operations = ["webp", "avif"];
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "pixtools-crash-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task EveryJobCompletesOnceAfterAKillDashNine()
    {
        var photo = TestPhotos.Read("coffee.png");
        var ids = new List<Guid>();
        using (var first = await PixToolsProcess.StartAsync(dataDirectory))
        {
            var client = new JobClient(first.CreateClient());
            for (var i = 0; i < JobCount; i++)
            {
                using var response = await client.PostAsync(JobClient.Form(photo, $"coffee{i}.png", "image/png", JsonSerializer.Serialize(Operations)));
                ids.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("job_id").GetGuid());
            }
            var statuses = await Task.WhenAll(ids.Select(async id => (await client.GetJobAsync(id)).GetProperty("status").GetString()));
            Assert.True(statuses.Count(s => s != "COMPLETED") > 0, "every job finished before the kill; the test proves nothing");
            first.Kill();
        }

        using var second = await PixToolsProcess.StartAsync(dataDirectory);
        var again = new JobClient(second.CreateClient());
        foreach (var id in ids)
        {
            var job = await again.WaitForTerminalAsync(id, TimeSpan.FromSeconds(120));
            Assert.Equal("COMPLETED", job.GetProperty("status").GetString());
            Assert.Equal(Operations.Order(), job.GetProperty("result_urls").EnumerateObject().Select(p => p.Name).Order());
            var stored = Directory.GetFiles(Path.Combine(dataDirectory, "blobs", "processed", id.ToString())).Select(Path.GetFileName).Order();
            Assert.Equal(["avif.avif", "webp.webp"], stored);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);
    }
}
