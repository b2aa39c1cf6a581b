using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace PixTools.Jobs;

/// <summary>
/// Every read and write of batches. The batch and its jobs are stored in one transaction; the batch's end is one
/// conditional update, so of the jobs finishing at the same time exactly one ends it.
/// </summary>
public sealed class BatchStore(IDbContextFactory<JobsDb> dbFactory, IOptions<JobsOptions> options, TimeProvider clock)
{
    private static readonly JobStatus[] Unfinished = [JobStatus.PENDING, JobStatus.PROCESSING];

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Stores the batch with its jobs and runs in one transaction. With an Idempotency-Key seen within Jobs:IdempotencyWindow
    /// nothing is stored: the earlier batch answers (same request) or the key is refused (another request).
    /// </summary>
    public async Task<CreateBatchResult> CreateAsync(Batch batch, IReadOnlyList<Job> jobs, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (batch.IdempotencyKey is { } key)
            {
                var existing = await db.Batches.AsNoTracking().Where(b => b.IdempotencyKey == key)
                    .Select(b => new { b.Id, b.Fingerprint, b.CreatedAt }).SingleOrDefaultAsync(cancellationToken);
                if (existing is not null && existing.CreatedAt > Now - options.Value.IdempotencyWindow)
                {
                    return new CreateBatchResult(
                        existing.Fingerprint == batch.Fingerprint ? CreateJobOutcome.Replayed : CreateJobOutcome.KeyReusedWithOtherRequest, existing.Id);
                }
                if (existing is not null)
                {
                    await db.Batches.Where(b => b.Id == existing.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.IdempotencyKey, (string?)null), cancellationToken);
                }
            }
            batch.CreatedAt = Now;
            foreach (var job in jobs)
            {
                job.CreatedAt = job.UpdatedAt = batch.CreatedAt;
                foreach (var run in job.Runs) run.UpdatedAt = batch.CreatedAt;
            }
            db.Batches.Add(batch);
            db.Jobs.AddRange(jobs);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new CreateBatchResult(CreateJobOutcome.Created, batch.Id);
            }
            catch (DbUpdateException error) when (batch.IdempotencyKey is not null && attempt < 3 && JobStore.IsUniqueViolation(error))
            {
                // Another submission with this key won the insert; the next pass reads its batch.
            }
        }
    }

    public async Task<Batch?> FindAsync(Guid batchId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Batches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == batchId, cancellationToken);
    }

    /// <summary>The batch submitted with this Idempotency-Key within Jobs:IdempotencyWindow, if any.</summary>
    public async Task<Batch?> FindByKeyAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var since = Now - options.Value.IdempotencyWindow;
        return await db.Batches.AsNoTracking().SingleOrDefaultAsync(b => b.IdempotencyKey == idempotencyKey && b.CreatedAt > since, cancellationToken);
    }

    /// <summary>The batch's jobs with their runs, in the order the files came.</summary>
    public async Task<IReadOnlyList<Job>> ListJobsAsync(Guid batchId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Jobs.AsNoTracking().Include(j => j.Runs).Where(j => j.BatchId == batchId)
            .OrderBy(j => j.BatchIndex).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Ends the batch when none of its jobs is still PENDING or PROCESSING: one conditional update, so of the jobs ending
    /// together exactly one (recorded as <see cref="Batch.EndedByJobId"/>) gets true.
    /// </summary>
    public async Task<bool> TryEndAsync(Guid batchId, Guid endingJobId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = Now;
        return await db.Batches
            .Where(b => b.Id == batchId && b.EndedAt == null && !db.Jobs.Any(j => j.BatchId == batchId && Unfinished.Contains(j.Status)))
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.EndedAt, now).SetProperty(b => b.EndedByJobId, endingJobId), cancellationToken) == 1;
    }

    public async Task RecordArchiveAsync(Guid batchId, string archiveKey, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Batches.Where(b => b.Id == batchId).ExecuteUpdateAsync(s => s.SetProperty(b => b.ArchiveKey, archiveKey), cancellationToken);
    }

    public async Task MarkEndStepsDoneAsync(Guid batchId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = Now;
        await db.Batches.Where(b => b.Id == batchId).ExecuteUpdateAsync(s => s.SetProperty(b => b.EndStepsDoneAt, now), cancellationToken);
    }

    /// <summary>Takes the batch's webhook delivery until <paramref name="until"/>; false when someone holds it, it ended, or none is owed.</summary>
    public async Task<bool> TryClaimWebhookAsync(Guid batchId, DateTime until, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = Now;
        return await db.Batches
            .Where(b => b.Id == batchId && b.WebhookUrl != null && b.EndStepsDoneAt != null && b.WebhookEndedAt == null
                        && (b.WebhookClaimedUntil == null || b.WebhookClaimedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.WebhookClaimedUntil, until), cancellationToken) == 1;
    }

    public async Task ReleaseWebhookClaimAsync(Guid batchId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Batches.Where(b => b.Id == batchId && b.WebhookEndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.WebhookClaimedUntil, (DateTime?)null), cancellationToken);
    }

    /// <summary>Records one attempt, and the count of attempts on the batch row.</summary>
    public async Task RecordWebhookAttemptAsync(BatchWebhookDelivery attempt, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.BatchWebhookDeliveries.Add(attempt);
        await db.SaveChangesAsync(cancellationToken);
        await db.Batches.Where(b => b.Id == attempt.BatchId).ExecuteUpdateAsync(s => s.SetProperty(b => b.WebhookAttempts, attempt.Attempt), cancellationToken);
    }

    /// <summary>Every attempt to deliver the batch's webhook, in order.</summary>
    public async Task<IReadOnlyList<BatchWebhookDelivery>> ListWebhookAttemptsAsync(Guid batchId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.BatchWebhookDeliveries.AsNoTracking().Where(d => d.BatchId == batchId).OrderBy(d => d.Attempt).ThenBy(d => d.Id).ToListAsync(cancellationToken);
    }

    public async Task EndWebhookAsync(Guid batchId, bool delivered, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = Now;
        await db.Batches.Where(b => b.Id == batchId).ExecuteUpdateAsync(s => s
            .SetProperty(b => b.WebhookEndedAt, now).SetProperty(b => b.WebhookDelivered, delivered)
            .SetProperty(b => b.WebhookClaimedUntil, (DateTime?)null), cancellationToken);
    }

    /// <summary>Batches whose webhook was handed over and has not ended, with nobody holding it: a process stopped mid-delivery.</summary>
    public async Task<IReadOnlyList<Guid>> ListOwingWebhookAsync(int limit, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = Now;
        return await db.Batches
            .Where(b => b.WebhookUrl != null && b.EndStepsDoneAt != null && b.WebhookEndedAt == null
                        && (b.WebhookClaimedUntil == null || b.WebhookClaimedUntil < now))
            .OrderBy(b => b.EndedAt).Select(b => b.Id).Take(limit).ToListAsync(cancellationToken);
    }

    /// <summary>Batches created before <paramref name="cutoff"/> that no job points at any more (their jobs were pruned first).</summary>
    public async Task<IReadOnlyList<Guid>> ListExpiredAsync(DateTime cutoff, int limit, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Batches.Where(b => b.CreatedAt < cutoff && !db.Jobs.Any(j => j.BatchId == b.Id))
            .OrderBy(b => b.CreatedAt).Select(b => b.Id).Take(limit).ToListAsync(cancellationToken);
    }

    public async Task DeleteAsync(Guid batchId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.BatchWebhookDeliveries.Where(d => d.BatchId == batchId).ExecuteDeleteAsync(cancellationToken);
        await db.Batches.Where(b => b.Id == batchId).ExecuteDeleteAsync(cancellationToken);
    }
}
