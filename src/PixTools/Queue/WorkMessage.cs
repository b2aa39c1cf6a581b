namespace PixTools.Queue;

/// <summary>
/// A nudge to run one operation of one job. The job row holds everything else, so a message can be sent
/// again (by a retry or the sweeper) without harm.
/// </summary>
/// <param name="JobId">The job.</param>
/// <param name="Operation">The operation of the job to run.</param>
/// <param name="RequestId">The X-Request-ID of the upload, for the worker's log lines.</param>
/// <param name="EnqueuedAt">When it was published (UTC), for the queue-wait metric.</param>
/// <param name="TraceParent">The W3C traceparent of the publishing span, so the worker's span joins the upload's trace.</param>
/// <param name="Queue">The work queue it goes to (<see cref="RunDispatch.QueueOf"/>); null: by the operation's name, as before outputs.</param>
public sealed record WorkMessage(Guid JobId, string Operation, string? RequestId, DateTime? EnqueuedAt = null, string? TraceParent = null, string? Queue = null)
{
    /// <summary>A message for <paramref name="operation"/> of <paramref name="jobId"/>, stamped now and with the current trace.</summary>
    public static WorkMessage Create(Guid jobId, string operation, string? requestId, TimeProvider clock, string? queue = null) =>
        new(jobId, operation, requestId, clock.GetUtcNow().UtcDateTime, Observability.PixToolsActivity.CurrentTraceParent(), queue);
}

/// <summary>A received message and how many times it has been delivered, this time included.</summary>
public sealed record WorkDelivery(WorkMessage Message, int DeliveryCount);
