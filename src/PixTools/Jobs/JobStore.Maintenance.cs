using Microsoft.EntityFrameworkCore;

namespace PixTools.Jobs;

/// <summary>The queries of the sweeper and the retention task.</summary>
public sealed partial class JobStore
{
    private static readonly JobStatus[] Unfinished = [JobStatus.PENDING, JobStatus.PROCESSING];

    /// <summary>Operations not done of jobs not ended, oldest first (at start-up, when the queue did not outlive the last run).</summary>
    public async Task<IReadOnlyList<UnfinishedOperation>> ListUnfinishedOperationsAsync(int limit, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = from run in db.OperationRuns
                    join job in db.Jobs on run.JobId equals job.Id
                    where Unfinished.Contains(job.Status)
                          && (run.Status == OperationRunStatus.Pending || run.Status == OperationRunStatus.Running)
                    orderby run.UpdatedAt
                    select new UnfinishedOperation(job.Id, run.Operation, job.RequestId, run.Redispatches, run.ParamsJson, run.Status == OperationRunStatus.Running);
        return await query.Take(limit).AsNoTracking().ToListAsync(cancellationToken);
    }

    /// <summary>
    /// What the periodic sweep sends again, oldest first: running operations whose worker has not reported them alive
    /// (<see cref="TouchRunningAsync"/>) since <paramref name="now"/> − <paramref name="staleAfter"/>, and waiting ones
    /// whose message looks lost — waiting that long while their queue handed out nothing for as long, or while it has
    /// already handed out a job submitted <paramref name="staleAfter"/> after theirs (a queue hands work out in order).
    /// Waiting behind a long queue that moves is not being stuck.
    /// </summary>
    public async Task<IReadOnlyList<UnfinishedOperation>> ListStaleOperationsAsync(DateTime now, TimeSpan staleAfter, int limit, CancellationToken cancellationToken)
    {
        var staleBefore = now - staleAfter;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // The newest job each queue handed out lately (runs of the ml queue are those that denoise).
        var handedOut = await (from run in db.OperationRuns
                               join job in db.Jobs on run.JobId equals job.Id
                               where run.Status != OperationRunStatus.Pending && run.UpdatedAt >= staleBefore
                               group job.CreatedAt by run.ParamsJson.Contains(OperationParamsJson.DenoiseMarker) into queue
                               select new { Ml = queue.Key, Newest = queue.Max() }).ToListAsync(cancellationToken);
        var ml = handedOut.SingleOrDefault(q => q.Ml)?.Newest;
        var standard = handedOut.SingleOrDefault(q => !q.Ml)?.Newest;
        var mlIdle = ml is null;
        var standardIdle = standard is null;
        var mlOvertakenBefore = (ml ?? now) - staleAfter;
        var standardOvertakenBefore = (standard ?? now) - staleAfter;
        var query = from run in db.OperationRuns
                    join job in db.Jobs on run.JobId equals job.Id
                    where (run.Status == OperationRunStatus.Pending || run.Status == OperationRunStatus.Running) && run.UpdatedAt < staleBefore
                          && Unfinished.Contains(job.Status)
                          && (run.Status == OperationRunStatus.Running
                              || (run.Status == OperationRunStatus.Pending
                                  && (run.ParamsJson.Contains(OperationParamsJson.DenoiseMarker)
                                      ? mlIdle || job.CreatedAt < mlOvertakenBefore
                                      : standardIdle || job.CreatedAt < standardOvertakenBefore)))
                    orderby run.UpdatedAt
                    select new UnfinishedOperation(job.Id, run.Operation, job.RequestId, run.Redispatches, run.ParamsJson, run.Status == OperationRunStatus.Running);
        return await query.Take(limit).AsNoTracking().ToListAsync(cancellationToken);
    }

    /// <summary>A worker's sign of life for the operations it is running: their progress clock restarts.</summary>
    public async Task<int> TouchRunningAsync(Guid jobId, IReadOnlyCollection<string> operations, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = Now;
        return await db.OperationRuns
            .Where(r => r.JobId == jobId && r.Status == OperationRunStatus.Running && operations.Contains(r.Operation))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.UpdatedAt, now), cancellationToken);
    }

    /// <summary>Jobs accepted and not yet ended.</summary>
    public async Task<int> CountInFlightAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Jobs.CountAsync(j => Unfinished.Contains(j.Status), cancellationToken);
    }

    /// <summary>Counts a re-send and resets the operation's progress clock.</summary>
    public async Task MarkRedispatchedAsync(Guid jobId, string operation, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = Now;
        await db.OperationRuns
            .Where(r => r.JobId == jobId && r.Operation == operation && (r.Status == OperationRunStatus.Pending || r.Status == OperationRunStatus.Running))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Redispatches, r => r.Redispatches + 1).SetProperty(r => r.UpdatedAt, now), cancellationToken);
    }

    /// <summary>Jobs not ended whose operations are all done: a worker stopped between its last result and the fan-in.</summary>
    public async Task<IReadOnlyList<Guid>> ListFinishableJobsAsync(int limit, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Jobs
            .Where(j => Unfinished.Contains(j.Status) && j.Runs.All(r => r.Status == OperationRunStatus.Succeeded || r.Status == OperationRunStatus.Failed))
            .OrderBy(j => j.UpdatedAt).Select(j => j.Id).Take(limit).ToListAsync(cancellationToken);
    }

    /// <summary>Ended jobs whose end steps are still owed after <paramref name="finishedBefore"/>: a process stopped in the middle of them.</summary>
    public async Task<IReadOnlyList<Guid>> ListJobsOwingEndStepsAsync(DateTime finishedBefore, int limit, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Jobs
            .Where(j => !Unfinished.Contains(j.Status) && j.EndStepsDoneAt == null && j.FinishedAt < finishedBefore)
            .OrderBy(j => j.FinishedAt).Select(j => j.Id).Take(limit).ToListAsync(cancellationToken);
    }

    /// <summary>Records that the end steps of the job are done.</summary>
    public async Task MarkEndStepsDoneAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = Now;
        await db.Jobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s.SetProperty(j => j.EndStepsDoneAt, now), cancellationToken);
    }

    /// <summary>Jobs created before <paramref name="cutoff"/>, with their runs (for their blob keys).</summary>
    public async Task<IReadOnlyList<Job>> ListExpiredJobsAsync(DateTime cutoff, int limit, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Jobs.AsNoTracking().Include(j => j.Runs).Where(j => j.CreatedAt < cutoff)
            .OrderBy(j => j.CreatedAt).Take(limit).ToListAsync(cancellationToken);
    }

    /// <summary>Deletes a job row with its runs and webhook attempts.</summary>
    public async Task DeleteJobAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.WebhookDeliveries.Where(d => d.JobId == jobId).ExecuteDeleteAsync(cancellationToken);
        await db.OperationRuns.Where(r => r.JobId == jobId).ExecuteDeleteAsync(cancellationToken);
        await db.Jobs.Where(j => j.Id == jobId).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Forgets Idempotency-Keys older than <paramref name="cutoff"/>; returns how many.</summary>
    public async Task<int> DeleteIdempotencyKeysBeforeAsync(DateTime cutoff, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.IdempotencyKeys.Where(k => k.CreatedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}
