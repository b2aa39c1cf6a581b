using Microsoft.Extensions.Options;
using PixTools.Finalize;
using PixTools.Observability;
using PixTools.Queue;

namespace PixTools.Jobs;

/// <summary>
/// Keeps every job moving. The database is the source of truth and a queue message only a nudge, so:
/// at start-up, when the queue is not durable, every unfinished operation is sent again; periodically, an
/// operation with no progress for <see cref="JobsOptions.StaleAfter"/> is sent again — a running one whose worker stopped
/// reporting it alive, a waiting one whose message looks lost (<see cref="JobStore.ListStaleOperationsAsync"/>; waiting
/// in a queue that moves is not stuck) — and after <see cref="JobsOptions.MaxRedispatches"/> such re-sends it fails, so
/// no job stays unfinished forever.
/// </summary>
public sealed class StuckJobSweeper(
    JobStore jobs, IWorkQueue queue, JobFinalizer finalizer, IOptions<JobsOptions> options, TimeProvider clock, ILogger<StuckJobSweeper> logger)
    : BackgroundService
{
    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!queue.IsDurable) await SweepAsync(atStartUp: true, stoppingToken);
        using var timer = new PeriodicTimer(options.Value.SweepInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await SweepAsync(atStartUp: false, stoppingToken);
        }
    }

    /// <summary>One pass (at start-up: every unfinished operation sent again); failures are logged and the next pass tries again.</summary>
    public async Task SweepAsync(bool atStartUp, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var staleAfter = options.Value.StaleAfter;
        try
        {
            foreach (var jobId in await jobs.ListFinishableJobsAsync(BatchSize, cancellationToken))
            {
                await finalizer.TryFinalizeAsync(jobId, cancellationToken);
            }
            var endedBefore = atStartUp ? now : now - staleAfter;
            foreach (var jobId in await jobs.ListJobsOwingEndStepsAsync(endedBefore, BatchSize, cancellationToken))
            {
                await finalizer.RunEndStepsAsync(jobId, cancellationToken);
            }
            var resent = 0;
            var candidates = atStartUp
                ? await jobs.ListUnfinishedOperationsAsync(BatchSize, cancellationToken)
                : await jobs.ListStaleOperationsAsync(now, staleAfter, BatchSize, cancellationToken);
            foreach (var stale in candidates)
            {
                if (!atStartUp && stale.Redispatches >= options.Value.MaxRedispatches)
                {
                    logger.OperationAbandoned(stale.JobId, stale.Operation, stale.Redispatches);
                    await jobs.RecordFailedAsync(stale.JobId, stale.Operation, stale.Started
                        ? $"operation {stale.Operation} made no progress after {stale.Redispatches} re-sends"
                        : $"operation {stale.Operation} was never started: no worker took it after {stale.Redispatches} re-sends", cancellationToken);
                    await finalizer.TryFinalizeAsync(stale.JobId, cancellationToken);
                    continue;
                }
                if (!atStartUp) await jobs.MarkRedispatchedAsync(stale.JobId, stale.Operation, cancellationToken);
                var queueName = stale.ParamsJson is null ? null : RunDispatch.QueueOf(OperationParamsJson.Deserialize(stale.ParamsJson));
                await queue.PublishAsync(WorkMessage.Create(stale.JobId, stale.Operation, stale.RequestId, clock, queueName), cancellationToken);
                resent++;
            }
            if (resent > 0) logger.OperationsRedispatched(resent, atStartUp ? "start-up: the queue did not outlive the last run" : "no progress");
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.SweepFailed(error);
        }
    }
}
