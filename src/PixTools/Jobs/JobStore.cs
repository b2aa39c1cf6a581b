using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace PixTools.Jobs;

/// <summary>
/// Every read and write of jobs, as named operations. State changes are single conditional updates, so
/// concurrent workers and retried messages cannot move a job backwards or finalize it twice.
/// </summary>
public sealed partial class JobStore(IDbContextFactory<JobsDb> dbFactory, IOptions<JobsOptions> options, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Stores the job with its operation runs and, when given, its Idempotency-Key in one transaction.
    /// The key is a primary key: of concurrent submissions with one key exactly one insert succeeds.
    /// </summary>
    public async Task<CreateJobResult> CreateAsync(Job job, string? idempotencyKey, string fingerprint, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (idempotencyKey is not null)
            {
                var existing = await db.IdempotencyKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Key == idempotencyKey, cancellationToken);
                if (existing is not null && existing.CreatedAt > Now - options.Value.IdempotencyWindow)
                {
                    return existing.Fingerprint == fingerprint
                        ? new CreateJobResult(CreateJobOutcome.Replayed, existing.JobId)
                        : new CreateJobResult(CreateJobOutcome.KeyReusedWithOtherRequest, existing.JobId);
                }
                if (existing is not null)
                {
                    await db.IdempotencyKeys.Where(k => k.Key == idempotencyKey && k.CreatedAt == existing.CreatedAt).ExecuteDeleteAsync(cancellationToken);
                }
                db.IdempotencyKeys.Add(new IdempotencyRecord { Key = idempotencyKey, JobId = job.Id, Fingerprint = fingerprint, CreatedAt = Now });
            }
            job.CreatedAt = job.UpdatedAt = Now;
            foreach (var run in job.Runs) run.UpdatedAt = job.CreatedAt;
            db.Jobs.Add(job);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new CreateJobResult(CreateJobOutcome.Created, job.Id);
            }
            catch (DbUpdateException error) when (idempotencyKey is not null && attempt < 3 && IsUniqueViolation(error))
            {
                // Another submission with this key won the insert; the next pass reads its job.
            }
        }
    }

    /// <summary>The key's primary key refused a second insert: SQLite's SQLITE_CONSTRAINT, PostgreSQL's 23505 unique_violation.</summary>
    internal static bool IsUniqueViolation(DbUpdateException error) => error.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == SQLitePCL.raw.SQLITE_CONSTRAINT,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    public async Task<Job?> FindAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Jobs.AsNoTracking().Include(j => j.Runs).SingleOrDefaultAsync(j => j.Id == jobId, cancellationToken);
    }

    /// <summary>
    /// Marks the operation running (and its job PROCESSING, then calling <paramref name="jobStarted"/>: once per job, whichever
    /// worker gets there first); false when it is already done or the job has ended.
    /// </summary>
    public async Task<bool> TryStartOperationAsync(Guid jobId, string operation, CancellationToken cancellationToken, Action? jobStarted = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = Now;
        var started = await db.OperationRuns
            .Where(r => r.JobId == jobId && r.Operation == operation && (r.Status == OperationRunStatus.Pending || r.Status == OperationRunStatus.Running))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, OperationRunStatus.Running).SetProperty(r => r.Attempts, r => r.Attempts + 1).SetProperty(r => r.UpdatedAt, now), cancellationToken);
        if (started == 0) return false;
        var processing = await db.Jobs.Where(j => j.Id == jobId && j.Status == JobStatus.PENDING)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatus.PROCESSING).SetProperty(j => j.UpdatedAt, now), cancellationToken);
        if (processing > 0) jobStarted?.Invoke();
        return true;
    }

    /// <summary>
    /// Records a finished operation's result; metadata, when the operation produced some, goes on the job; the
    /// parameters as applied (an automatic strength resolved), when given, replace the requested ones.
    /// </summary>
    public async Task RecordSucceededAsync(Guid jobId, string operation, OperationResultRecord result, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = Now;
        if (result.MetadataJson is not null)
        {
            await db.Jobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s.SetProperty(j => j.MetadataJson, result.MetadataJson).SetProperty(j => j.UpdatedAt, now), cancellationToken);
        }
        await db.OperationRuns.Where(r => r.JobId == jobId && r.Operation == operation && r.Status != OperationRunStatus.Failed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, OperationRunStatus.Succeeded)
                .SetProperty(r => r.ResultKey, result.Key)
                .SetProperty(r => r.ResultContentType, result.ContentType)
                .SetProperty(r => r.ResultBytes, result.Bytes)
                .SetProperty(r => r.Width, result.Width)
                .SetProperty(r => r.Height, result.Height)
                .SetProperty(r => r.ParamsJson, r => result.AppliedParamsJson ?? r.ParamsJson)
                .SetProperty(r => r.ErrorMessage, (string?)null)
                .SetProperty(r => r.FinishedAt, now)
                .SetProperty(r => r.UpdatedAt, now), cancellationToken);
    }

    /// <summary>Records that an operation failed for good, with the reason a user will read.</summary>
    public async Task RecordFailedAsync(Guid jobId, string operation, string reason, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = Now;
        await db.OperationRuns.Where(r => r.JobId == jobId && r.Operation == operation && r.Status != OperationRunStatus.Succeeded)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, OperationRunStatus.Failed)
                .SetProperty(r => r.ErrorMessage, reason)
                .SetProperty(r => r.FinishedAt, now)
                .SetProperty(r => r.UpdatedAt, now), cancellationToken);
    }

    /// <summary>Records the stored ZIP bundle of the job's results; the job view shows archive_url from then on.</summary>
    public async Task RecordArchiveAsync(Guid jobId, string archiveKey, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = Now;
        await db.Jobs.Where(j => j.Id == jobId)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.ArchiveKey, archiveKey).SetProperty(j => j.UpdatedAt, now), cancellationToken);
    }

    /// <summary>
    /// The fan-in. When every operation is done, one conditional update moves the job from PENDING/PROCESSING
    /// to its terminal status; only the caller whose update changed the row gets the status back (the winner),
    /// every other caller gets null.
    /// </summary>
    public async Task<JobStatus?> TryFinalizeAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var runs = await db.OperationRuns.AsNoTracking().Where(r => r.JobId == jobId).ToListAsync(cancellationToken);
        if (runs.Count == 0 || runs.Any(r => !r.IsDone)) return null;
        var failures = runs.Where(r => r.Status == OperationRunStatus.Failed).Select(r => r.ErrorMessage ?? $"operation {r.Operation} failed").ToList();
        var status = failures.Count == 0 ? JobStatus.COMPLETED : JobStatus.FAILED;
        var message = failures.Count == 0 ? null : string.Join("; ", failures);
        var now = Now;
        var won = await db.Jobs.Where(j => j.Id == jobId && (j.Status == JobStatus.PENDING || j.Status == JobStatus.PROCESSING))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, status).SetProperty(j => j.ErrorMessage, message)
                .SetProperty(j => j.FinishedAt, now).SetProperty(j => j.UpdatedAt, now), cancellationToken);
        return won == 1 ? status : null;
    }
}
