using Microsoft.Extensions.Options;
using PixTools.Finalize;
using PixTools.Observability;
using PixTools.Queue;

namespace PixTools.Jobs;

/// <summary>
/// Keeps every job moving. The database is the source of truth and a queue message only a nudge, so:
/// at start-up, when the queue is not durable, every unfinished operation is sent again; periodically, an
/// operation with no progress for <see cref="JobsOptions.StaleAfter"/> is sent again, and after
/// <see cref="JobsOptions.MaxRedispatches"/> such re-sends it fails, so no job stays unfinished forever.
/// </summary>
public sealed class StuckJobSweeper(
    JobStore jobs, IWorkQueue queue, JobFinalizer finalizer, IOptions<JobsOptions> options, TimeProvider clock, ILogger<StuckJobSweeper> logger)
    : BackgroundService
{
    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!queue.IsDurable) await SweepAsync(staleBefore: null, "start-up: the queue did not outlive the last run", stoppingToken);
        using var timer = new PeriodicTimer(options.Value.SweepInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await SweepAsync(clock.GetUtcNow().UtcDateTime - options.Value.StaleAfter, "no progress", stoppingToken);
        }
    }

    /// <summary>One pass; failures are logged and the next pass tries again.</summary>
    public async Task SweepAsync(DateTime? staleBefore, string reason, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var jobId in await jobs.ListFinishableJobsAsync(BatchSize, cancellationToken))
            {
                await finalizer.TryFinalizeAsync(jobId, cancellationToken);
            }
            var endedBefore = staleBefore ?? clock.GetUtcNow().UtcDateTime;
            foreach (var jobId in await jobs.ListJobsOwingEndStepsAsync(endedBefore, BatchSize, cancellationToken))
            {
                await finalizer.RunEndStepsAsync(jobId, cancellationToken);
            }
            var resent = 0;
            foreach (var stale in await jobs.ListUnfinishedOperationsAsync(staleBefore, BatchSize, cancellationToken))
            {
                if (staleBefore is not null && stale.Redispatches >= options.Value.MaxRedispatches)
                {
                    logger.OperationAbandoned(stale.JobId, stale.Operation, stale.Redispatches);
                    await jobs.RecordFailedAsync(stale.JobId, stale.Operation,
                        $"operation {stale.Operation} made no progress after {stale.Redispatches} re-sends", cancellationToken);
                    await finalizer.TryFinalizeAsync(stale.JobId, cancellationToken);
                    continue;
                }
                if (staleBefore is not null) await jobs.MarkRedispatchedAsync(stale.JobId, stale.Operation, cancellationToken);
                var queueName = stale.ParamsJson is null ? null : RunDispatch.QueueOf(OperationParamsJson.Deserialize(stale.ParamsJson));
                await queue.PublishAsync(WorkMessage.Create(stale.JobId, stale.Operation, stale.RequestId, clock, queueName), cancellationToken);
                resent++;
            }
            if (resent > 0) logger.OperationsRedispatched(resent, reason);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.SweepFailed(error);
        }
    }
}
