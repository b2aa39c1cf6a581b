using Microsoft.Extensions.Options;
using PixTools.Jobs;
using PixTools.Observability;

namespace PixTools.Finalize;

/// <summary>
/// The end step of a batch's jobs: the job whose end makes every job of its batch terminal (one conditional update
/// decides, see <see cref="BatchStore.TryEndAsync"/>) builds the batch ZIP and marks the batch's end work done, which
/// owes its webhook. Idempotent: the sweeper re-running that job's end steps after a crash finishes what is missing.
/// </summary>
public sealed class BatchEndStep(BatchStore batches, BatchArchiveBuilder archives, IOptions<ArchiveOptions> options, TimeProvider clock, ILogger<BatchEndStep> logger) : IJobEndStep
{
    public async Task RunAsync(Job job, CancellationToken cancellationToken)
    {
        if (job.BatchId is not { } batchId || !job.Status.IsTerminal()) return;
        await batches.TryEndAsync(batchId, job.Id, cancellationToken);
        var batch = await batches.FindAsync(batchId, cancellationToken);
        if (batch is null || batch.EndedByJobId != job.Id || batch.EndStepsDoneAt is not null) return;

        var jobs = await batches.ListJobsAsync(batchId, cancellationToken);
        var progress = BatchProgress.Of(jobs);
        if (batch.ArchiveKey is null) await BuildWithRetriesAsync(batch, jobs, cancellationToken);
        await batches.MarkEndStepsDoneAsync(batchId, cancellationToken);
        logger.BatchEnded(batchId, progress.Status, progress.Completed, progress.Failed);
    }

    private async Task BuildWithRetriesAsync(Batch batch, IReadOnlyList<Job> jobs, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await archives.BuildAsync(batch, jobs, cancellationToken);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw; // shutting down: the sweeper runs the job's end steps again after the restart
            }
            catch (Exception error) when (attempt < options.Value.MaxAttempts)
            {
                var delay = options.Value.RetryBaseDelay * Math.Pow(2, attempt - 1);
                logger.BatchArchiveRetrying(error, batch.Id, attempt, delay);
                await Task.Delay(delay, clock, cancellationToken);
            }
            catch (Exception error)
            {
                // The batch ends without a ZIP; every job's results stay downloadable.
                logger.BatchArchiveFailed(error, batch.Id);
                PixToolsMetrics.ArchiveFailures.Inc();
                return;
            }
        }
    }
}
