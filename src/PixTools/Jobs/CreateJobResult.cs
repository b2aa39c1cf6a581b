namespace PixTools.Jobs;

/// <summary>What <see cref="JobStore.CreateAsync"/> did with a submission.</summary>
public enum CreateJobOutcome
{
    /// <summary>A new job was stored.</summary>
    Created,

    /// <summary>The Idempotency-Key was seen with the same request: the earlier job answers.</summary>
    Replayed,

    /// <summary>The Idempotency-Key was seen with a different request.</summary>
    KeyReusedWithOtherRequest,
}

/// <summary>The outcome and the job id that answers the submission.</summary>
public sealed record CreateJobResult(CreateJobOutcome Outcome, Guid JobId);
