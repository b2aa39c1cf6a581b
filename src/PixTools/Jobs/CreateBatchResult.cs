namespace PixTools.Jobs;

/// <summary>What <see cref="BatchStore.CreateAsync"/> did: <see cref="CreateJobOutcome"/>'s three cases, with the batch that answers.</summary>
public sealed record CreateBatchResult(CreateJobOutcome Outcome, Guid BatchId);
