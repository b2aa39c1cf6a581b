using Microsoft.EntityFrameworkCore;

namespace PixTools.Jobs;

/// <summary>What admission control asks the job store: how much work is unfinished and how fast it drains.</summary>
public sealed partial class JobStore
{
    private static readonly JobStatus[] Ended = [JobStatus.COMPLETED, JobStatus.FAILED];

    /// <summary>Jobs not ended now, and jobs that ended within the last <paramref name="window"/> (by the (Status, UpdatedAt) index).</summary>
    public async Task<(int Unfinished, int EndedRecently)> CountBacklogAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var since = Now - window;
        var unfinished = await db.Jobs.CountAsync(j => Unfinished.Contains(j.Status), cancellationToken);
        var ended = await db.Jobs.CountAsync(j => Ended.Contains(j.Status) && j.UpdatedAt >= since, cancellationToken);
        return (unfinished, ended);
    }

    /// <summary>
    /// Removes a job the client was told was refused (its dispatch failed), with its runs and its Idempotency-Key,
    /// so a retry with the same key makes the one job.
    /// </summary>
    public async Task DeleteRefusedJobAsync(Guid jobId, string? idempotencyKey, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (idempotencyKey is not null) await db.IdempotencyKeys.Where(k => k.Key == idempotencyKey && k.JobId == jobId).ExecuteDeleteAsync(cancellationToken);
        await db.OperationRuns.Where(r => r.JobId == jobId).ExecuteDeleteAsync(cancellationToken);
        await db.Jobs.Where(j => j.Id == jobId).ExecuteDeleteAsync(cancellationToken);
    }
}
