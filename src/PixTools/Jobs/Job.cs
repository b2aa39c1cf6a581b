namespace PixTools.Jobs;

/// <summary>One submitted image and the operations asked of it. The database row is the source of truth.</summary>
public sealed class Job
{
    public Guid Id { get; set; }
    public JobStatus Status { get; set; }

    /// <summary>The operation names in the order they were asked for.</summary>
    public List<string> Operations { get; set; } = [];

    /// <summary>Blob key of the uploaded source image.</summary>
    public required string SourceKey { get; set; }

    /// <summary>The sniffed source format, as its conversion operation's name (<c>jpg</c>).</summary>
    public required string SourceFormat { get; set; }

    /// <summary>The sanitised base name of the uploaded file, used in download names.</summary>
    public required string OriginalName { get; set; }

    public string? WebhookUrl { get; set; }
    public string? RequestId { get; set; }
    public string? ErrorMessage { get; set; }

    /// <summary>The metadata operation's answer as JSON, null until it ran.</summary>
    public string? MetadataJson { get; set; }

    /// <summary>Blob key of the ZIP bundle, null until it is built.</summary>
    public string? ArchiveKey { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? FinishedAt { get; set; }

    /// <summary>When the end steps (bundle, webhook) were done; null while they are owed.</summary>
    public DateTime? EndStepsDoneAt { get; set; }

    /// <summary>Until when one process owns the webhook delivery (a lease, so a crashed owner's delivery is resumed).</summary>
    public DateTime? WebhookClaimedUntil { get; set; }

    /// <summary>When the webhook delivery ended, delivered or failed for good; null while it is owed.</summary>
    public DateTime? WebhookEndedAt { get; set; }

    /// <summary>The batch the job belongs to (its webhook is the batch's), and its place in it; null for a single job.</summary>
    public Guid? BatchId { get; set; }
    public int? BatchIndex { get; set; }

    public List<OperationRun> Runs { get; set; } = [];
}
