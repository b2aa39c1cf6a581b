// Over 250 lines: starts and tears down both profiles (processes, database, queues, bucket) for every bench command.
using Amazon.S3;
using Amazon.S3.Model;
using Npgsql;
using PixTools.Hosting;
using PixTools.Storage;
using PixTools.Testing;
using RabbitMQ.Client;

namespace PixTools.Bench;

/// <summary>
/// Where scripts/services/start.sh put PostgreSQL, RabbitMQ and s3rver: the PIXTOOLS_TEST_* variables of this
/// process's environment, else of the file it wrote (/tmp/pixtools-services.env, or PIXTOOLS_SERVICES_ENV).
/// </summary>
internal sealed record DistributedServices(string Postgres, string RabbitMq, string S3ServiceUrl, string S3AccessKey, string S3SecretKey)
{
    public static DistributedServices Load(string? file)
    {
        file ??= Environment.GetEnvironmentVariable("PIXTOOLS_SERVICES_ENV") ?? "/tmp/pixtools-services.env";
        var stored = File.Exists(file)
            ? File.ReadAllLines(file).Select(line => line.Split('=', 2)).Where(parts => parts.Length == 2)
                .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim().Trim('\''))
            : [];
        string Get(string name) =>
            Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value
            : stored.TryGetValue(name, out var fromFile) ? fromFile
            : throw new InvalidOperationException(
                $"{name} is not set and {file} does not hold it: start the services first " +
                "(flock /tmp/pixtools-heavy.lock scripts/services/start.sh, or bench/run-throughput.sh, which starts and stops them), " +
                "or run only --profiles embedded");
        return new(Get("PIXTOOLS_TEST_POSTGRES"), Get("PIXTOOLS_TEST_RABBITMQ"), Get("PIXTOOLS_TEST_S3_SERVICEURL"),
            Get("PIXTOOLS_TEST_S3_ACCESSKEY"), Get("PIXTOOLS_TEST_S3_SECRETKEY"));
    }
}

/// <summary>
/// The PixTools processes of one throughput scenario, with state of their own that is removed afterwards.
/// Distributed: an api process and N worker processes on a fresh PostgreSQL database, RabbitMQ queue prefix and
/// S3 bucket. Embedded: one role-all process on SQLite and a local blob folder in a fresh temporary folder.
/// </summary>
internal sealed class ThroughputScenario : IAsyncDisposable
{
    /// <summary>How long a process may take to answer /api/readyz (database and queue reachable).</summary>
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(600);

    private readonly List<PixToolsLauncher> processes = [];
    private readonly List<Func<Task>> cleanups = [];
    private string? dll;
    private Dictionary<string, string>? workerEnvironment;
    private Amazon.S3.IAmazonS3? s3;
    private string? bucketName;

    /// <summary>The scenario's own database (distributed only).</summary>
    public string DatabaseConnectionString { get; private set; } = "";

    /// <summary>Every result key stored under <c>processed/</c> in the scenario's bucket (distributed only).</summary>
    public async Task<IReadOnlyList<string>> ResultKeysAsync()
    {
        var keys = new List<string>();
        string? token = null;
        do
        {
            var page = await s3!.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucketName, Prefix = "processed/", ContinuationToken = token });
            keys.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
        return keys;
    }

    private ThroughputScenario(string description) => Description = description;

    public string Description { get; }

    /// <summary>The process that serves the HTTP API (the api process, or the one role-all process).</summary>
    public PixToolsLauncher Api => processes[0];

    /// <summary>Every PixTools process running now (the api first), for RSS sampling.</summary>
    public IReadOnlyList<PixToolsLauncher> Processes
    {
        get
        {
            lock (processes) return [.. processes];
        }
    }

    /// <summary>One more worker process, configured as the first ones (distributed only; used by <c>chaos</c>).</summary>
    public async Task<PixToolsLauncher> StartWorkerAsync(string name)
    {
        var worker = await PixToolsLauncher.StartAsync(name, dll!, workerEnvironment!, "/api/readyz", ReadyTimeout);
        lock (processes) processes.Add(worker);
        return worker;
    }

    /// <summary>SIGKILLs <paramref name="process"/> and forgets it.</summary>
    public async Task KillAsync(PixToolsLauncher process)
    {
        lock (processes) processes.Remove(process);
        await process.DisposeAsync();
    }

    /// <summary>One api process, then <paramref name="workers"/> worker processes, each with <paramref name="concurrency"/> conversion slots.</summary>
    public static async Task<ThroughputScenario> StartDistributedAsync(string dll, DistributedServices services, int workers, int concurrency, string logLevel,
        IReadOnlyDictionary<string, string>? extra = null)
    {
        var id = Guid.NewGuid().ToString("N");
        var database = $"pixtools_bench_{id}";
        var prefix = $"pixtools-bench-{id}";
        var bucket = $"pixtools-bench-{id}";
        var cores = Environment.ProcessorCount;
        var share = Math.Max(1, cores / workers);
        var scenario = new ThroughputScenario(
            $"1 api + {workers} worker process{(workers == 1 ? "" : "es")} × Worker:Concurrency {concurrency}, DOTNET_PROCESSORCOUNT={share}");
        try
        {
            await ExecuteAsync(services.Postgres, $"CREATE DATABASE {database}");
            scenario.cleanups.Add(() => ExecuteAsync(services.Postgres, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)"));
            scenario.cleanups.Add(() => DeleteQueuesAsync(services.RabbitMq, prefix));
            scenario.cleanups.Add(() => DeleteBucketAsync(services, bucket));

            scenario.DatabaseConnectionString = new NpgsqlConnectionStringBuilder(services.Postgres) { Database = database, Pooling = false }.ToString();
            scenario.bucketName = bucket;
            scenario.s3 = StorageRegistration.S3ClientOf(new S3StorageOptions
            {
                ServiceUrl = services.S3ServiceUrl,
                AccessKey = services.S3AccessKey,
                SecretKey = services.S3SecretKey,
                Bucket = bucket,
                ForcePathStyle = true,
            });
            var common = new Dictionary<string, string>
            {
                ["PIXTOOLS_DATABASE__PROVIDER"] = "postgres",
                ["PIXTOOLS_DATABASE__CONNECTIONSTRING"] = new NpgsqlConnectionStringBuilder(services.Postgres) { Database = database }.ToString(),
                ["PIXTOOLS_QUEUE__PROVIDER"] = "rabbitmq",
                ["PIXTOOLS_QUEUE__RABBITMQ__URI"] = services.RabbitMq,
                ["PIXTOOLS_QUEUE__RABBITMQ__PREFIX"] = prefix,
                ["PIXTOOLS_STORAGE__PROVIDER"] = "s3",
                ["PIXTOOLS_STORAGE__S3__SERVICEURL"] = services.S3ServiceUrl,
                ["PIXTOOLS_STORAGE__S3__ACCESSKEY"] = services.S3AccessKey,
                ["PIXTOOLS_STORAGE__S3__SECRETKEY"] = services.S3SecretKey,
                ["PIXTOOLS_STORAGE__S3__BUCKET"] = bucket,
                ["PIXTOOLS_STORAGE__S3__FORCEPATHSTYLE"] = "true",
                ["Logging__LogLevel__Default"] = logLevel,
            };
            foreach (var (key, value) in extra ?? new Dictionary<string, string>()) common[key] = value;
            // The api applies the migrations (and creates the bucket) before the workers start, so they never race for it.
            var api = new Dictionary<string, string>(common) { ["PIXTOOLS_ROLE"] = "api" };
            scenario.processes.Add(await PixToolsLauncher.StartAsync("api", dll, api, "/api/readyz", ReadyTimeout));

            var worker = new Dictionary<string, string>(common)
            {
                ["PIXTOOLS_ROLE"] = "worker",
                ["PIXTOOLS_DATABASE__MIGRATEONSTART"] = "false",
                ["PIXTOOLS_WORKER__QUEUES"] = "standard",
                ["PIXTOOLS_WORKER__CONCURRENCY"] = concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
                // A fair share of the cores: the runtime sizes its thread pool and GC heaps to it.
                ["DOTNET_PROCESSORCOUNT"] = share.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            foreach (var (key, value) in extra ?? new Dictionary<string, string>()) worker[key] = value;
            scenario.dll = dll;
            scenario.workerEnvironment = worker;
            var started = await Task.WhenAll(Enumerable.Range(1, workers).Select(i => PixToolsLauncher.StartAsync($"worker {i}", dll, worker, "/api/readyz", ReadyTimeout)));
            scenario.processes.AddRange(started);
            return scenario;
        }
        catch
        {
            await scenario.DisposeAsync();
            throw;
        }
    }

    /// <summary>One role-all process (API, in-process queue and worker) with <paramref name="concurrency"/> conversion slots.</summary>
    public static async Task<ThroughputScenario> StartEmbeddedAsync(string dll, int concurrency, string logLevel, IReadOnlyDictionary<string, string>? extra = null)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"pixtools-bench-throughput-{Guid.NewGuid():N}")).FullName;
        var scenario = new ThroughputScenario($"1 process (role all) × Worker:Concurrency {concurrency}");
        scenario.cleanups.Add(() =>
        {
            Directory.Delete(folder, recursive: true);
            return Task.CompletedTask;
        });
        try
        {
            var all = new Dictionary<string, string>
            {
                ["PIXTOOLS_ROLE"] = "all",
                ["PIXTOOLS_DATABASE__CONNECTIONSTRING"] = $"Data Source={Path.Combine(folder, "pixtools.db")}",
                ["PIXTOOLS_STORAGE__LOCAL__ROOT"] = Path.Combine(folder, "blobs"),
                ["PIXTOOLS_WORKER__CONCURRENCY"] = concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Logging__LogLevel__Default"] = logLevel,
            };
            foreach (var (key, value) in extra ?? new Dictionary<string, string>()) all[key] = value;
            scenario.processes.Add(await PixToolsLauncher.StartAsync("all", dll, all, "/api/readyz", ReadyTimeout));
            return scenario;
        }
        catch
        {
            await scenario.DisposeAsync();
            throw;
        }
    }

    /// <summary>Every process's last output lines, for a failure message.</summary>
    public string Output() => string.Join('\n', processes.Select(p => $"--- {p.Name} (pid {p.Pid}) ---\n{p.Output}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Processes) await process.DisposeAsync();
        foreach (var cleanup in cleanups)
        {
            try
            {
                await cleanup();
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"throughput: clean-up failed (the services' throwaway data keeps it until stop.sh): {e.Message}");
            }
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task DeleteQueuesAsync(string uri, string prefix)
    {
        var factory = new ConnectionFactory { Uri = new Uri(uri) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        foreach (var queue in new[] { "standard", "ml", "dead" }) await channel.QueueDeleteAsync($"{prefix}.{queue}");
        await channel.ExchangeDeleteAsync($"{prefix}.dlx");
    }

    private static async Task DeleteBucketAsync(DistributedServices services, string bucket)
    {
        using var s3 = StorageRegistration.S3ClientOf(new S3StorageOptions
        {
            ServiceUrl = services.S3ServiceUrl,
            AccessKey = services.S3AccessKey,
            SecretKey = services.S3SecretKey,
            Bucket = bucket,
            ForcePathStyle = true,
        });
        // s3rver (a folder per bucket) now and then answers InternalError while its folders are removed: try again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                while (true)
                {
                    var listing = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
                    if (listing.S3Objects is not { Count: > 0 } objects) break;
                    foreach (var item in objects) await s3.DeleteObjectAsync(bucket, item.Key);
                }
                await s3.DeleteBucketAsync(bucket);
                return;
            }
            catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchBucket")
            {
                return; // never created, or gone already
            }
            catch (AmazonS3Exception) when (attempt < 3)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }
}
