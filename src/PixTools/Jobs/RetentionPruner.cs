using Microsoft.Extensions.Options;
using PixTools.Observability;
using PixTools.Operations;
using PixTools.Storage;

namespace PixTools.Jobs;

/// <summary>Deletes jobs and batches older than <see cref="JobsOptions.Retention"/> with all their blobs, expired Idempotency-Keys and webhook inboxes.</summary>
public sealed class RetentionPruner(JobStore jobs, BatchStore batches, IBlobStore blobs, IOptions<JobsOptions> options, TimeProvider clock, ILogger<RetentionPruner> logger)
    : BackgroundService
{
    private const int BatchSize = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PruneInterval, clock);
        do
        {
            await PruneAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass: blobs first, then the row, so a failure leaves the row to be pruned again next time.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var pruned = 0;
        try
        {
            IReadOnlyList<Job> expired;
            do
            {
                expired = await jobs.ListExpiredJobsAsync(now - options.Value.Retention, BatchSize, cancellationToken);
                foreach (var job in expired)
                {
                    foreach (var key in BlobKeysOf(job)) await blobs.DeleteAsync(key, cancellationToken);
                    await jobs.DeleteJobAsync(job.Id, cancellationToken);
                    pruned++;
                }
            }
            while (expired.Count == BatchSize);
            IReadOnlyList<Guid> expiredBatches;
            do
            {
                // After their jobs, so a batch goes once nothing points at it; its ZIP first, then the row.
                expiredBatches = await batches.ListExpiredAsync(now - options.Value.Retention, BatchSize, cancellationToken);
                foreach (var batchId in expiredBatches)
                {
                    await blobs.DeleteAsync(BlobKeys.BatchArchive(batchId), cancellationToken);
                    await batches.DeleteAsync(batchId, cancellationToken);
                }
            }
            while (expiredBatches.Count == BatchSize);
            var keys = await jobs.DeleteIdempotencyKeysBeforeAsync(now - options.Value.IdempotencyWindow, cancellationToken);
            var inboxes = await jobs.DeleteInboxesBeforeAsync(now - options.Value.Retention, cancellationToken);
            if (pruned > 0 || keys > 0 || inboxes > 0) logger.Pruned(pruned, keys, inboxes, options.Value.Retention);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.PruneFailed(error);
        }
        return pruned;
    }

    /// <summary>Every key the job may have written, recorded or not (a crash can store a result before recording it).</summary>
    private static IEnumerable<string> BlobKeysOf(Job job) =>
        new[] { job.SourceKey, BlobKeys.Archive(job.Id) }
            .Concat(job.Runs.Select(r => r.ResultKey).OfType<string>())
            .Concat(job.Operations.Select(op => BlobKeys.ResultExtension(op) is { } ext ? BlobKeys.Result(job.Id, op, ext) : null).OfType<string>())
            .Concat(job.Runs.Select(r => OperationParamsJson.Deserialize(r.ParamsJson).Format is { } format
                && ImageFormats.ForOperation(format) is { } written ? BlobKeys.Result(job.Id, r.Operation, written.Extension) : null).OfType<string>())
            .Distinct();
}
