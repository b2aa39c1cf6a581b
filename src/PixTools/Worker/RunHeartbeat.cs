using PixTools.Jobs;
using PixTools.Observability;

namespace PixTools.Worker;

/// <summary>
/// While a worker runs operations, reports them alive every <see cref="JobsOptions.HeartbeatInterval"/>
/// (<see cref="JobStore.TouchRunningAsync"/>), so the sweeper sends an operation again only when its worker stopped or
/// hung — however long the operation takes — and not while it works. It stops reporting after
/// <see cref="JobsOptions.MaxOperationTime"/>: an operation running longer counts as stuck. Dispose when the operations end.
/// </summary>
public sealed class RunHeartbeat : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task _beating;

    private RunHeartbeat(JobStore jobs, Guid jobId, IReadOnlyCollection<string> operations, JobsOptions options, TimeProvider clock, ILogger logger,
        CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _beating = BeatAsync(jobs, jobId, operations, options, clock, logger, _stop.Token);
    }

    /// <summary>Starts reporting <paramref name="operations"/> of <paramref name="jobId"/> alive.</summary>
    public static RunHeartbeat Start(JobStore jobs, Guid jobId, IReadOnlyCollection<string> operations, JobsOptions options, TimeProvider clock,
        ILogger logger, CancellationToken cancellationToken) =>
        new(jobs, jobId, operations, options, clock, logger, cancellationToken);

    private static async Task BeatAsync(JobStore jobs, Guid jobId, IReadOnlyCollection<string> operations, JobsOptions options, TimeProvider clock,
        ILogger logger, CancellationToken cancellationToken)
    {
        var started = clock.GetUtcNow();
        using var timer = new PeriodicTimer(options.HeartbeatInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (clock.GetUtcNow() - started >= options.MaxOperationTime)
                {
                    logger.OperationOverran(jobId, string.Join(",", operations), clock.GetUtcNow() - started);
                    return;
                }
                try
                {
                    await jobs.TouchRunningAsync(jobId, operations, cancellationToken);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    // The database away for a moment: the next beat tries again, well before the sweeper would notice.
                    logger.HeartbeatFailed(jobId, string.Join(",", operations), error.GetBaseException().Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _beating;
        _stop.Dispose();
    }
}
