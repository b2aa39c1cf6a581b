using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using PixTools.IntegrationTests.Support;
using PixTools.Storage;

namespace PixTools.IntegrationTests.Worker;

/// <summary>Transient failures retry with backoff; lasting ones end the job FAILED naming the operation; logs carry the ids.</summary>
public sealed class FailureHandlingTests(FailureHandlingTests.FlakyApp app) : IClassFixture<FailureHandlingTests.FlakyApp>
{
    private readonly JobClient client = new(app.CreateClient());

    /// <summary>A blob store whose result writes fail a set number of times per key (or always), as a flaky disk or network would.</summary>
    public sealed class FlakyBlobStore(IBlobStore inner) : IBlobStore
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> failures = new();

        /// <summary>Base names whose result writes fail this many times (int.MaxValue: always).</summary>
        public System.Collections.Concurrent.ConcurrentDictionary<string, int> FailTimes { get; } = new();

        public Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken)
        {
            var parts = key.Split('/');
            if (parts[0] == "raw") JobNames[parts[1]] = Path.GetFileNameWithoutExtension(parts[2]);
            var rule = FailTimes.FirstOrDefault(r => key.StartsWith("processed/", StringComparison.Ordinal) && OwnerOf(key) == r.Key);
            if (rule.Key is not null && failures.AddOrUpdate(key, 1, (_, n) => n + 1) <= rule.Value)
            {
                throw new IOException("simulated storage outage");
            }
            return inner.PutAsync(key, content, contentType, cancellationToken);
        }

        public string? OwnerOf(string key) => JobNames.GetValueOrDefault(key.Split('/')[1]);

        public System.Collections.Concurrent.ConcurrentDictionary<string, string> JobNames { get; } = new();

        public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken) => inner.OpenReadAsync(key, cancellationToken);
        public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => inner.ExistsAsync(key, cancellationToken);
        public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);
        public Task<string> GetDownloadUrlAsync(string key, string fileName, TimeSpan lifetime, CancellationToken cancellationToken) =>
            inner.GetDownloadUrlAsync(key, fileName, lifetime, cancellationToken);
    }

    public sealed class FlakyApp : PixToolsApp
    {
        public RecordingLoggerProvider Logs { get; } = new();

        protected override IEnumerable<(string Key, string Value)> Settings => [("Worker:RetryBaseDelay", "00:00:00.050"), ("Worker:MaxDeliveries", "3")];

        protected override void ConfigureServices(IServiceCollection services)
        {
            var original = services.Single(d => d.ServiceType == typeof(IBlobStore));
            services.RemoveAll<IBlobStore>();
            services.AddSingleton(sp => new FlakyBlobStore((IBlobStore)original.ImplementationFactory!(sp)));
            services.AddSingleton<IBlobStore>(sp => sp.GetRequiredService<FlakyBlobStore>());
            services.AddSingleton<ILoggerProvider>(Logs);
        }
    }

    [Fact]
    public async Task RetriesATransientStorageFailureAndCompletes()
    {
        var jobId = await SubmitFailingAsync(times: 2, "[\"webp\"]");
        var job = await client.WaitForTerminalAsync(jobId);
        Assert.Equal("COMPLETED", job.GetProperty("status").GetString());
        Assert.True(job.GetProperty("result_urls").TryGetProperty("webp", out _));
    }

    [Fact]
    public async Task FailsTheJobNamingTheOperationWhenRetriesRunOut()
    {
        var jobId = await SubmitFailingAsync(times: int.MaxValue, "[\"webp\",\"metadata\"]");
        var job = await client.WaitForTerminalAsync(jobId);
        Assert.Equal("FAILED", job.GetProperty("status").GetString());
        var message = job.GetProperty("error_message").GetString()!;
        // The exception's own text is the log's; the job says what happened in words, with an id to quote.
        Assert.Contains("operation webp failed after 3 attempts: an unexpected error occurred on the server; quote request id ", message);
        Assert.DoesNotContain("simulated storage outage", message);
    }

    [Fact]
    public async Task WorkerLogLinesCarryTheJobAndRequestIds()
    {
        var requestId = "req-" + Guid.NewGuid().ToString("N");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/process")
        {
            Content = JobClient.Form(TestPhotos.Read("coffee.png"), "coffee.png", "image/png", "[\"jpg\"]"),
        };
        request.Headers.Add("X-Request-ID", requestId);
        using var response = await client.Http.SendAsync(request);
        var jobId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("job_id").GetGuid();
        await client.WaitForTerminalAsync(jobId);

        var workerLines = app.Logs.Lines.Where(l => l.Category.EndsWith("OperationHandler", StringComparison.Ordinal)
            && l.Scope.TryGetValue("JobId", out var id) && Equals(id, jobId)).ToList();
        Assert.NotEmpty(workerLines);
        Assert.All(workerLines, line => Assert.Equal(requestId, line.Scope["RequestId"]));
    }

    private async Task<Guid> SubmitFailingAsync(int times, string operations)
    {
        var name = "flaky" + Guid.NewGuid().ToString("N")[..8];
        var store = app.Services.GetRequiredService<FlakyBlobStore>();
        store.FailTimes[name] = times;
        // The source's key (raw/{job}/{name}.png) tells the store which job is which before any result is written.
        var photo = TestPhotos.Read("coffee.png");
        using var response = await client.PostAsync(JobClient.Form(photo, name + ".png", "image/png", operations));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("job_id").GetGuid();
    }
}
