namespace PixTools.Queue;

/// <summary>Carries work messages from the API to the workers. At-least-once: a handler may see a message twice.</summary>
public interface IWorkQueue
{
    /// <summary>
    /// Whether messages outlive this process. When false (the in-process queue), the sweeper re-sends every
    /// unfinished operation at start-up, because the database is the only record of them.
    /// </summary>
    bool IsDurable { get; }

    /// <summary>Sends the message to the queue its operation belongs to (<see cref="QueueNames.For(WorkMessage)"/>).</summary>
    Task PublishAsync(WorkMessage message, CancellationToken cancellationToken);

    /// <summary>How many messages wait in <paramref name="queue"/> now (for the pixtools_queue_depth gauge).</summary>
    Task<long> CountWaitingAsync(string queue, CancellationToken cancellationToken);

    /// <summary>
    /// Delivers messages of <paramref name="queue"/> to <paramref name="handler"/>, at most
    /// <paramref name="concurrency"/> at a time, until <paramref name="cancellationToken"/> fires; each delivery is
    /// settled by the outcome the handler returns.
    /// </summary>
    Task ConsumeAsync(string queue, int concurrency, Func<WorkDelivery, CancellationToken, Task<DeliveryOutcome>> handler, CancellationToken cancellationToken);
}
