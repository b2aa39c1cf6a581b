namespace PixTools.Jobs;

/// <summary>
/// An operation the sweeper may have to send again; its recipe (<c>ParamsJson</c>) says its queue
/// (<see cref="Queue.RunDispatch.QueueOf"/>); <paramref name="Started"/>: a worker had started it (it is running), rather
/// than waiting for one.
/// </summary>
public sealed record UnfinishedOperation(Guid JobId, string Operation, string? RequestId, int Redispatches, string? ParamsJson = null, bool Started = false);
