namespace PixTools.Jobs;

/// <summary>Where one operation of a job stands.</summary>
public enum OperationRunStatus
{
    Pending,
    Running,
    Succeeded,
    Failed,
}
