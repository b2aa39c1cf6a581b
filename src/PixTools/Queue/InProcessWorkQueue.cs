using System.Collections.Concurrent;
using System.Threading.Channels;

namespace PixTools.Queue;

/// <summary>
/// The embedded default's queue: one unbounded channel per queue name in this process. It is not durable;
/// the sweeper re-sends unfinished work from the database after a restart.
/// </summary>
public sealed class InProcessWorkQueue(ILogger<InProcessWorkQueue> logger, TimeProvider clock) : IWorkQueue
{
    private readonly ConcurrentDictionary<string, Channel<WorkDelivery>> channels = new();

    public bool IsDurable => false;

    public Task PublishAsync(WorkMessage message, CancellationToken cancellationToken) =>
        ChannelOf(QueueNames.For(message)).Writer.WriteAsync(new WorkDelivery(message, 1), cancellationToken).AsTask();

    public Task<long> CountWaitingAsync(string queue, CancellationToken cancellationToken) => Task.FromResult((long)ChannelOf(queue).Reader.Count);

    public Task ConsumeAsync(string queue, int concurrency, Func<WorkDelivery, CancellationToken, Task<DeliveryOutcome>> handler, CancellationToken cancellationToken)
    {
        var reader = ChannelOf(queue).Reader;
        return Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(() => ConsumeLoopAsync(queue, reader, handler, cancellationToken), CancellationToken.None)));
    }

    private async Task ConsumeLoopAsync(string queue, ChannelReader<WorkDelivery> reader, Func<WorkDelivery, CancellationToken, Task<DeliveryOutcome>> handler, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var delivery in reader.ReadAllAsync(cancellationToken))
            {
                DeliveryOutcome outcome;
                try
                {
                    outcome = await handler(delivery, cancellationToken);
                }
                catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // A handler that throws (a dependency away past its budget) must not end this consumer: try again later.
                    logger.LogWarning(error, "Handling job {JobId} operation {Operation} threw; it is delivered again in 5 s", delivery.Message.JobId, delivery.Message.Operation);
                    outcome = DeliveryOutcome.RetryAfter(TimeSpan.FromSeconds(5));
                }
                switch (outcome)
                {
                    case RetryOutcome retry:
                        ScheduleRedelivery(queue, delivery with { DeliveryCount = delivery.DeliveryCount + 1 }, retry.Delay);
                        break;
                    case DeadLetterOutcome dead:
                        logger.LogError("Dropped message for job {JobId} operation {Operation} from queue {Queue}: {Reason}", delivery.Message.JobId, delivery.Message.Operation, queue, dead.Reason);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: what was not handled is still unfinished in the database.
        }
    }

    private void ScheduleRedelivery(string queue, WorkDelivery delivery, TimeSpan delay) =>
        _ = Task.Delay(delay, clock).ContinueWith(_ => ChannelOf(queue).Writer.TryWrite(delivery), TaskScheduler.Default);

    private Channel<WorkDelivery> ChannelOf(string queue) =>
        channels.GetOrAdd(queue, _ => Channel.CreateUnbounded<WorkDelivery>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false }));
}
