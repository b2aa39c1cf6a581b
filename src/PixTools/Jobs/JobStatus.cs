namespace PixTools.Jobs;

/// <summary>A job's status; the names are the contract's (API.md), written upper-case on the wire.</summary>
public enum JobStatus
{
    PENDING,
    PROCESSING,
    COMPLETED,
    FAILED,
    COMPLETED_WEBHOOK_FAILED,
}

public static class JobStatusExtensions
{
    public static bool IsTerminal(this JobStatus status) => status is not (JobStatus.PENDING or JobStatus.PROCESSING);
}
