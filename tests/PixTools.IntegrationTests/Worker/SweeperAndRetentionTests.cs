using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PixTools.IntegrationTests.Support;
using PixTools.Storage;

namespace PixTools.IntegrationTests.Worker;

/// <summary>No job stays unfinished forever, and nothing is kept past the retention window.</summary>
public sealed class SweeperAndRetentionTests
{
    /// <summary>A store whose source reads never return: the operation hangs as a stuck worker would.</summary>
    private sealed class HangingSourceStore(IBlobStore inner) : IBlobStore
    {
        public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
        {
            if (key.StartsWith("raw/", StringComparison.Ordinal) && key.Contains("/hang.", StringComparison.Ordinal))
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            return await inner.OpenReadAsync(key, cancellationToken);
        }

        public Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken) => inner.PutAsync(key, content, contentType, cancellationToken);
        public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => inner.ExistsAsync(key, cancellationToken);
        public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);
        public Task<string> GetDownloadUrlAsync(string key, string fileName, TimeSpan lifetime, CancellationToken cancellationToken) =>
            inner.GetDownloadUrlAsync(key, fileName, lifetime, cancellationToken);
    }

    public sealed class StuckApp : PixToolsApp
    {
        protected override IEnumerable<(string Key, string Value)> Settings =>
            [("Jobs:SweepInterval", "00:00:00.300"), ("Jobs:StaleAfter", "00:00:00.500"), ("Jobs:MaxRedispatches", "2"), ("Worker:Concurrency", "4")];

        protected override void ConfigureServices(IServiceCollection services)
        {
            var original = services.Single(d => d.ServiceType == typeof(IBlobStore));
            services.RemoveAll<IBlobStore>();
            services.AddSingleton<IBlobStore>(sp => new HangingSourceStore((IBlobStore)original.ImplementationFactory!(sp)));
        }
    }

    public sealed class ShortRetentionApp : PixToolsApp
    {
        protected override IEnumerable<(string Key, string Value)> Settings =>
            [("Jobs:Retention", "00:00:04"), ("Jobs:PruneInterval", "00:00:00.500")];
    }

    [Fact]
    public async Task AnOperationWithNoProgressIsResentThenFailed()
    {
        using var app = new StuckApp();
        var client = new JobClient(app.CreateClient());
        var jobId = await client.SubmitAsync("coffee.png", "[\"webp\"]", fileName: "hang.png");

        var job = await client.WaitForTerminalAsync(jobId, TimeSpan.FromSeconds(30));

        Assert.Equal("FAILED", job.GetProperty("status").GetString());
        Assert.Contains("operation webp made no progress after 2 re-sends", job.GetProperty("error_message").GetString());
    }

    [Fact]
    public async Task PrunesJobsAndTheirBlobsAfterTheRetentionWindow()
    {
        using var app = new ShortRetentionApp();
        var client = new JobClient(app.CreateClient());
        var jobId = await client.SubmitAsync("coffee.png", "[\"webp\"]");
        var folders = new[] { "raw", "processed" }.Select(p => Path.Combine(app.DataDirectory, "blobs", p, jobId.ToString())).ToList();

        // Blobs go first, then the row: once the job answers 404, its files must be gone.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpResponseMessage response;
        while ((response = await client.Http.GetAsync($"/api/jobs/{jobId}")).IsSuccessStatusCode && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.All(folders, folder => Assert.False(Directory.Exists(folder), $"{folder} is still there"));
    }
}
