namespace PixTools.Jobs;

/// <summary>An operation the sweeper may have to send again.</summary>
public sealed record UnfinishedOperation(Guid JobId, string Operation, string? RequestId, int Redispatches);
