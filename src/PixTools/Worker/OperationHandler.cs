using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using PixTools.Finalize;
using PixTools.Jobs;
using PixTools.Observability;
using PixTools.Operations.Vips;
using PixTools.Operations;
using PixTools.Queue;
using PixTools.Resilience;
using PixTools.Storage;

namespace PixTools.Worker;

/// <summary>
/// Handles one delivery: one operation of one job, step by step. Safe to run twice for the same message:
/// a done operation is skipped and a result always lands on the same key.
/// </summary>
public sealed class OperationHandler(
    JobStore jobs,
    IBlobStore blobs,
    OperationCatalog operations,
    JobFinalizer finalizer,
    WorkTempFolder tempFolder,
    IOptions<WorkerOptions> options,
    TimeProvider clock,
    ILogger<OperationHandler> logger)
{
    /// <summary>
    /// Handles the delivery; while the database, storage or broker is away (<see cref="DependencyFailures"/>) it waits
    /// with backoff (0.5 s doubling to 10 s) and starts again, for up to Worker:DependencyRetryBudget, holding the message
    /// (so no new work is taken meanwhile) and without spending the operation's attempts (Worker:MaxDeliveries).
    /// </summary>
    public async Task<DeliveryOutcome> HandleAsync(WorkDelivery delivery, CancellationToken cancellationToken)
    {
        var budgetEnds = clock.GetUtcNow() + options.Value.DependencyRetryBudget;
        for (var wait = 0; ; wait++)
        {
            try
            {
                return await HandleOnceAsync(delivery, budgetEnds, cancellationToken);
            }
            catch (Exception error) when (DependencyFailures.IsUnavailable(error) && clock.GetUtcNow() < budgetEnds && !cancellationToken.IsCancellationRequested)
            {
                var delay = TimeSpan.FromMilliseconds(Math.Min(10_000, 500 * Math.Pow(2, Math.Min(wait, 5))));
                logger.OperationWaitingForDependency(delivery.Message.JobId, delivery.Message.Operation, delay, error.GetBaseException().Message);
                await Task.Delay(delay, clock, cancellationToken);
            }
        }
    }

    private async Task<DeliveryOutcome> HandleOnceAsync(WorkDelivery delivery, DateTimeOffset budgetEnds, CancellationToken cancellationToken)
    {
        var (jobId, operation, requestId, enqueuedAt, traceParent) = delivery.Message;
        using var activity = PixToolsActivity.StartFromMessage($"operation {operation}", traceParent);
        activity?.SetTag("pixtools.job_id", jobId).SetTag("pixtools.operation", operation).SetTag("pixtools.delivery", delivery.DeliveryCount);
        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["JobId"] = jobId, ["RequestId"] = requestId, ["Operation"] = operation });
        if (enqueuedAt is { } sent)
        {
            PixToolsMetrics.QueueWait.WithLabels(QueueNames.For(operation)).Observe(Math.Max(0, (clock.GetUtcNow().UtcDateTime - sent).TotalSeconds));
        }

        // 1. Load the job; a pruned or ended job, or a done operation, needs nothing more.
        var job = await jobs.FindAsync(jobId, cancellationToken);
        var run = job?.Runs.SingleOrDefault(r => r.Operation == operation);
        if (job is null || run is null || job.Status.IsTerminal() || run.IsDone
            || !await jobs.TryStartOperationAsync(jobId, operation, cancellationToken))
        {
            logger.OperationSkipped(jobId, operation);
            if (job is not null && !job.Status.IsTerminal()) await finalizer.TryFinalizeAsync(jobId, cancellationToken);
            return DeliveryOutcome.Ack;
        }
        logger.OperationStarted(jobId, operation, delivery.DeliveryCount);

        try
        {
            // 2. Run the operation and store what it made; 3. record it; 4. fan in.
            var result = await RunAsync(job, run, cancellationToken);
            await jobs.RecordSucceededAsync(jobId, operation, result, cancellationToken);
            PixToolsMetrics.JobsProcessed.WithLabels(operation, "succeeded").Inc();
        }
        catch (ImageInputException bad)
        {
            logger.OperationInputRejected(jobId, operation, bad.Message);
            PixToolsMetrics.JobsProcessed.WithLabels(operation, "failed").Inc();
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, bad.Message);
            await jobs.RecordFailedAsync(jobId, operation, $"operation {operation} failed: {bad.Message}", cancellationToken);
        }
        catch (Exception error) when ((error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            && !(DependencyFailures.IsUnavailable(error) && clock.GetUtcNow() < budgetEnds))
        {
            if (delivery.DeliveryCount < options.Value.MaxDeliveries)
            {
                var delay = options.Value.RetryBaseDelay * Math.Pow(2, delivery.DeliveryCount - 1);
                logger.OperationRetrying(error, jobId, operation, delivery.DeliveryCount, delay);
                return DeliveryOutcome.RetryAfter(delay);
            }
            logger.OperationGaveUp(error, jobId, operation, delivery.DeliveryCount);
            PixToolsMetrics.JobsProcessed.WithLabels(operation, "failed").Inc();
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, error.Message);
            await jobs.RecordFailedAsync(jobId, operation,
                $"operation {operation} failed after {delivery.DeliveryCount} attempts: {error.Message}", cancellationToken);
        }
        await finalizer.TryFinalizeAsync(jobId, cancellationToken);
        return DeliveryOutcome.Ack;
    }

    private async Task<OperationResultRecord> RunAsync(Job job, OperationRun run, CancellationToken cancellationToken)
    {
        var operation = operations.Find(run.Operation)
            ?? throw new ImageInputException($"operation {run.Operation} is not available on this server");
        var sourceFormat = ImageFormats.ForOperation(job.SourceFormat)
            ?? throw new ImageInputException($"source format '{job.SourceFormat}' is not supported");
        var source = await ReadSourceAsync(job.SourceKey, cancellationToken);
        var input = new OperationInput(source, sourceFormat, OperationParamsJson.Deserialize(run.ParamsJson));

        var temp = Path.Combine(tempFolder.Path, $"{job.Id:N}-{run.Operation}-{Guid.NewGuid():N}.tmp");
        await using var output = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var watch = Stopwatch.StartNew();
        var produced = await operation.RunAsync(input, output, cancellationToken);
        PixToolsMetrics.OperationDuration.WithLabels(run.Operation).Observe(watch.Elapsed.TotalSeconds);
        logger.OperationSucceeded(job.Id, run.Operation, watch.ElapsedMilliseconds);

        var metadataJson = produced.Metadata is null ? null : JsonSerializer.Serialize(produced.Metadata);
        if (produced.File is not { } file) return new OperationResultRecord(null, null, null, null, null, metadataJson);

        var key = BlobKeys.Result(job.Id, run.Operation, file.Extension);
        var bytes = output.Length;
        output.Position = 0;
        await blobs.PutAsync(key, output, file.ContentType, cancellationToken);
        return new OperationResultRecord(key, file.ContentType, bytes, file.Width, file.Height, metadataJson);
    }

    private async Task<byte[]> ReadSourceAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await blobs.OpenReadAsync(key, cancellationToken);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            return buffer.ToArray();
        }
        catch (BlobNotFoundException)
        {
            throw new ImageInputException("the uploaded source image is no longer stored");
        }
    }
}
