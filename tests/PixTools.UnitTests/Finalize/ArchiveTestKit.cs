using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PixTools.Finalize;
using PixTools.Jobs;
using PixTools.Observability;
using PixTools.Storage;

namespace PixTools.UnitTests.Finalize;

/// <summary>
/// A real job store on a SQLite file and a real folder blob store, both under one temporary folder the test owns,
/// and helpers that make finished jobs whose results are blobs of chosen bytes.
/// </summary>
public sealed class ArchiveTestKit : IDisposable
{
    private readonly SqliteJobsDbFactory dbFactory;

    public ArchiveTestKit()
    {
        Directory.CreateDirectory(Folder);
        dbFactory = new SqliteJobsDbFactory($"Data Source={Path.Combine(Folder, "jobs.db")};Pooling=False");
        using (var db = dbFactory.CreateDbContext()) db.Database.Migrate();
        Jobs = new JobStore(dbFactory, Options.Create(new JobsOptions()), TimeProvider.System);
        Blobs = new FileSystemBlobStore(Path.Combine(Folder, "blobs"), new SignedUrls(new byte[32], TimeProvider.System));
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "pixtools-archive-" + Guid.NewGuid().ToString("N"));

    public JobStore Jobs { get; }

    public FileSystemBlobStore Blobs { get; }

    public ListLogger<ArchiveBuilder> Log { get; } = new();

    public ArchiveBuilder Builder(IBlobStore? blobs = null, int maxAttempts = 3) => new(
        Jobs, blobs ?? Blobs, new WorkTempFolder(Path.Combine(Folder, "work"), Microsoft.Extensions.Logging.Abstractions.NullLogger<WorkTempFolder>.Instance), Options.Create(new ArchiveOptions { MaxAttempts = maxAttempts, RetryBaseDelay = TimeSpan.FromMilliseconds(1) }),
        TimeProvider.System, Log);

    /// <summary>
    /// A job named <paramref name="baseName"/> that asked for <paramref name="results"/>' operations (and metadata when
    /// <paramref name="metadataJson"/> is given), each result stored as its bytes; a null result is a failed operation.
    /// Returns the job read back after the fan-in, terminal.
    /// </summary>
    public Task<Job> FinishedJobAsync(string baseName, IReadOnlyList<(string Operation, byte[]? Bytes)> results, string? metadataJson = null) =>
        FinishedJobFromStreamsAsync(baseName, results.Select(r => (r.Operation, r.Bytes is null ? null : (Stream)new MemoryStream(r.Bytes))).ToList(), metadataJson);

    /// <summary>As the other overload, with each result read from a stream (so a large one need not be in memory).</summary>
    public async Task<Job> FinishedJobFromStreamsAsync(string baseName, IReadOnlyList<(string Operation, Stream? Content)> results, string? metadataJson = null)
    {
        var id = Guid.NewGuid();
        var operations = results.Select(r => r.Operation).Concat(metadataJson is null ? [] : ["metadata"]).ToList();
        var job = new Job
        {
            Id = id,
            Status = JobStatus.PENDING,
            Operations = operations,
            SourceKey = $"raw/{id:D}/{baseName}.jpg",
            SourceFormat = "jpg",
            OriginalName = baseName,
            Runs = operations.Select(op => new OperationRun { Operation = op, ParamsJson = "{}" }).ToList(),
        };
        await Jobs.CreateAsync(job, null, "", CancellationToken.None);
        foreach (var (operation, content) in results)
        {
            if (content is null)
            {
                await Jobs.RecordFailedAsync(id, operation, $"operation {operation} failed: test", CancellationToken.None);
                continue;
            }
            var key = BlobKeys.Result(id, operation, BlobKeys.ResultExtension(operation)!);
            var length = content.Length;
            await using (content) await Blobs.PutAsync(key, content, "application/octet-stream", CancellationToken.None);
            await Jobs.RecordSucceededAsync(id, operation, new OperationResultRecord(key, "application/octet-stream", length, 1, 1, null), CancellationToken.None);
        }
        if (metadataJson is not null)
        {
            await Jobs.RecordSucceededAsync(id, "metadata", new OperationResultRecord(null, null, null, null, null, metadataJson), CancellationToken.None);
        }
        Assert.NotNull(await Jobs.TryFinalizeAsync(id, CancellationToken.None));
        return (await Jobs.FindAsync(id, CancellationToken.None))!;
    }

    /// <summary>Reads how much pixtools_archive_failures_total grew since this call (the counter is process-wide).</summary>
    public static Func<double> ArchiveFailuresSinceNow()
    {
        var before = PixToolsMetrics.ArchiveFailures.Value;
        return () => PixToolsMetrics.ArchiveFailures.Value - before;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // a file still open for a moment; the OS cleans the temp folder
        }
    }

    private sealed class SqliteJobsDbFactory(string connectionString) : IDbContextFactory<JobsDb>
    {
        public JobsDb CreateDbContext() => new SqliteJobsDb(new DbContextOptionsBuilder<SqliteJobsDb>().UseSqlite(connectionString).Options);
    }
}
