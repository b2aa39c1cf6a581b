using System.Diagnostics;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Npgsql;
using PixTools.Hosting;

namespace PixTools.IntegrationTests.Support;

/// <summary>
/// The distributed profile as separate OS processes: one api and N workers on the test PostgreSQL (a database of
/// its own), RabbitMQ (queues of its own) and s3rver (a bucket of its own).
/// </summary>
public class DistributedCluster : IAsyncLifetime
{
    private readonly string prefix = TestRabbitMq.NewPrefix();
    private readonly string bucket = $"pixtools-test-{Guid.NewGuid():N}";
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "pixtools-cluster-" + Guid.NewGuid().ToString("N"));
    private PostgresDatabase? database;

    public PixToolsLauncher Api { get; private set; } = null!;

    public List<PixToolsLauncher> Workers { get; } = [];

    /// <summary>Workers started with the cluster.</summary>
    public int WorkerCount { get; init; } = 2;

    /// <summary>Settings on top of the cluster's own, for every process (PIXTOOLS_ variables).</summary>
    public Dictionary<string, string> ExtraSettings { get; init; } = [];

    public JobClient Client => new(Api.CreateClient());

    public AmazonS3Client S3 { get; } = StorageRegistration.S3ClientOf(TestS3.Options("unused"));

    public async Task InitializeAsync()
    {
        database = new PostgresDatabase();
        var api = PixToolsProcess.StartAsync(dataDirectory, Settings("api"));
        var workers = Enumerable.Range(0, WorkerCount).Select(_ => StartWorkerAsync()).ToList();
        Api = await api;
        await Task.WhenAll(workers);
    }

    public async Task<PixToolsLauncher> StartWorkerAsync()
    {
        var worker = await PixToolsProcess.StartAsync(dataDirectory, Settings("worker"));
        lock (Workers) Workers.Add(worker);
        return worker;
    }

    /// <summary>The keys stored under <c>processed/{job}/</c>.</summary>
    public async Task<IReadOnlyList<string>> ResultKeysAsync(Guid jobId)
    {
        var listing = await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = $"processed/{jobId:D}/" });
        return (listing.S3Objects ?? []).Select(o => o.Key).Order().ToList();
    }

    /// <summary>The keys of stored uploads (<c>raw/</c>).</summary>
    public async Task<IReadOnlyList<string>> SourceKeysAsync()
    {
        var listing = await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "raw/" });
        return (listing.S3Objects ?? []).Select(o => o.Key).Order().ToList();
    }

    /// <summary>Jobs by status, straight from the database (cheaper than polling each job).</summary>
    public async Task<Dictionary<string, long>> CountJobsAsync()
    {
        // Unpooled: a pooled connection would be a dead one after the database outage test restarts the server.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database!.ConnectionString) { Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT \"Status\", count(*) FROM jobs GROUP BY \"Status\"", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new Dictionary<string, long>();
        while (await reader.ReadAsync()) counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    /// <summary>
    /// Submits <paramref name="count"/> jobs of coffee.png, a few at a time, and returns their ids. With
    /// <paramref name="retryWhenUnavailable"/>, a 503 is retried as a client should: after its Retry-After, with the same
    /// Idempotency-Key, for up to two minutes.
    /// </summary>
    public async Task<List<Guid>> SubmitManyAsync(int count, string operations, bool retryWhenUnavailable = false)
    {
        var photo = TestPhotos.Read("coffee.png");
        var ids = new List<Guid>();
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var key = $"cluster-{Guid.NewGuid():N}";
                var giveUpAt = DateTime.UtcNow + TimeSpan.FromMinutes(2);
                var response = await Client.PostAsync(JobClient.Form(photo, $"coffee{i}.png", "image/png", operations), key);
                while (retryWhenUnavailable && response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable && DateTime.UtcNow < giveUpAt)
                {
                    Assert.NotNull(response.Headers.RetryAfter?.Delta);
                    await Task.Delay(response.Headers.RetryAfter!.Delta!.Value);
                    response.Dispose();
                    response = await Client.PostAsync(JobClient.Form(photo, $"coffee{i}.png", "image/png", operations), key);
                }
                using var answered = response;
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != System.Net.HttpStatusCode.Accepted) throw new InvalidOperationException($"submit answered {(int)response.StatusCode}: {body}");
                lock (ids) ids.Add(JsonDocument.Parse(body).RootElement.GetProperty("job_id").GetGuid());
            }
            finally
            {
                gate.Release();
            }
        }));
        return ids;
    }

    /// <summary>Polls the database until <paramref name="condition"/> holds for the status counts, or fails with every process's output.</summary>
    public async Task WaitForJobsAsync(Func<Dictionary<string, long>, bool> condition, TimeSpan timeout)
    {
        var giveUp = DateTime.UtcNow + timeout;
        while (true)
        {
            var counts = await CountJobsAsync();
            if (condition(counts)) return;
            if (DateTime.UtcNow > giveUp) throw new TimeoutException($"jobs {JsonSerializer.Serialize(counts)} after {timeout}\n{Output()}");
            await Task.Delay(200);
        }
    }

    /// <summary>scripts/services/control.sh: stop|start postgres|rabbitmq|s3.</summary>
    public static async Task ControlAsync(string action, string service)
    {
        using var process = Process.Start(new ProcessStartInfo(TestServices.Control, [action, service]) { RedirectStandardError = true })!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"control.sh {action} {service} exited {process.ExitCode}: {errors}");
    }

    /// <summary>Every process's recent output, for a failure message.</summary>
    public string Output() => string.Join("\n", new[] { Api }.Concat(Workers).Select((p, i) => $"--- process {i} ---\n{p.Output}"));

    public virtual async Task DisposeAsync()
    {
        foreach (var process in new[] { Api }.Concat(Workers)) process?.Dispose();
        database?.Dispose();
        await TestRabbitMq.DeleteAsync(prefix);
        if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);
    }

    /// <summary>Environment of every process on top of the cluster's own, e.g. ("PIXTOOLS_BATCHES__MAXFILES", "8").</summary>
    protected virtual IEnumerable<(string Key, string Value)> ClassSettings => [];

    private Dictionary<string, string> Settings(string role)
    {
        var settings = new Dictionary<string, string>
        {
            ["PIXTOOLS_ROLE"] = role,
            ["PIXTOOLS_DATABASE__PROVIDER"] = "postgres",
            ["PIXTOOLS_DATABASE__CONNECTIONSTRING"] = database!.ConnectionString,
            ["PIXTOOLS_WORKER__CONCURRENCY"] = "2",
            ["PIXTOOLS_JOBS__SWEEPINTERVAL"] = "00:00:02",
            ["PIXTOOLS_JOBS__STALEAFTER"] = "00:01:00",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in TestS3.Environment(bucket)) settings[key] = value;
        foreach (var (key, value) in TestRabbitMq.Environment(prefix)) settings[key] = value;
        foreach (var (key, value) in ClassSettings) settings[key] = value;
        foreach (var (key, value) in ExtraSettings) settings[key] = value;
        return settings;
    }
}
