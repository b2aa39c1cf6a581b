using PixTools.Finalize;
using PixTools.Jobs;
using PixTools.Observability;
using PixTools.Queue;

namespace PixTools.Worker;

/// <summary>
/// Consumes the dead-letter queue: a message there will never be handled, so its operation fails with the reason,
/// and the job ends (the fan-in runs its end steps) instead of waiting for the sweeper.
/// </summary>
public sealed class DeadLetterWorker(RabbitMqWorkQueue queue, JobStore jobs, JobFinalizer finalizer, ILogger<DeadLetterWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => queue.ConsumeDeadLettersAsync(HandleAsync, stoppingToken);

    public async Task HandleAsync(WorkDelivery delivery, CancellationToken cancellationToken)
    {
        var (jobId, operation, requestId, _, _, _) = delivery.Message;
        using var scope = logger.BeginScope(new LogScope(new("JobId", jobId), new("RequestId", requestId), new("Operation", operation)));
        logger.OperationDeadLettered(jobId, operation, delivery.DeliveryCount);
        await jobs.RecordFailedAsync(jobId, operation,
            $"operation {operation} failed: message dead-lettered after {delivery.DeliveryCount} deliveries", cancellationToken);
        await finalizer.TryFinalizeAsync(jobId, cancellationToken);
    }
}
