namespace PixTools.Queue;

/// <summary>
/// A nudge to run one operation of one job. The job row holds everything else, so a message can be sent
/// again (by a retry or the sweeper) without harm.
/// </summary>
public sealed record WorkMessage(Guid JobId, string Operation, string? RequestId);

/// <summary>A received message and how many times it has been delivered, this time included.</summary>
public sealed record WorkDelivery(WorkMessage Message, int DeliveryCount);
