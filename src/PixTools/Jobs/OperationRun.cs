namespace PixTools.Jobs;

/// <summary>One operation of a job: its parameters, progress and result.</summary>
public sealed class OperationRun
{
    public Guid JobId { get; set; }
    public required string Operation { get; set; }
    public OperationRunStatus Status { get; set; }

    /// <summary>The validated parameters as JSON (see <see cref="OperationParamsJson"/>).</summary>
    public required string ParamsJson { get; set; }

    /// <summary>How many times a worker started this operation.</summary>
    public int Attempts { get; set; }

    /// <summary>How many times the sweeper re-sent its message after it made no progress.</summary>
    public int Redispatches { get; set; }

    public string? ResultKey { get; set; }
    public string? ResultContentType { get; set; }
    public long? ResultBytes { get; set; }
    public int? Width { get; set; }
    public int? Height { get; set; }
    public string? ErrorMessage { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? FinishedAt { get; set; }

    public bool IsDone => Status is OperationRunStatus.Succeeded or OperationRunStatus.Failed;
}
