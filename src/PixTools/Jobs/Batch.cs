namespace PixTools.Jobs;

/// <summary>
/// Many files submitted together (POST /api/batches): one job per accepted file (<see cref="Job.BatchId"/>), one
/// ZIP of all results and one webhook when the last job ends. Its status is derived from its jobs.
/// </summary>
public sealed class Batch
{
    public Guid Id { get; set; }

    /// <summary>The files refused at upload, as JSON <c>[{"file_name","detail"}]</c>, so a replay answers the same.</summary>
    public string RefusedJson { get; set; } = "[]";

    public string? WebhookUrl { get; set; }
    public string? RequestId { get; set; }

    /// <summary>The Idempotency-Key the batch was submitted with (unique), and what the request was (SHA-256).</summary>
    public string? IdempotencyKey { get; set; }
    public string? Fingerprint { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>When the last job of the batch became terminal; set once, by one conditional update.</summary>
    public DateTime? EndedAt { get; set; }

    /// <summary>The job whose end steps ended the batch: they (or the sweeper re-running them) build the ZIP and hand over the webhook.</summary>
    public Guid? EndedByJobId { get; set; }

    /// <summary>Blob key of the batch ZIP, null until it is built (or when no job produced a file).</summary>
    public string? ArchiveKey { get; set; }

    /// <summary>When the batch's end work (ZIP, webhook hand-over) was done.</summary>
    public DateTime? EndStepsDoneAt { get; set; }

    public DateTime? WebhookClaimedUntil { get; set; }
    public DateTime? WebhookEndedAt { get; set; }
    public int WebhookAttempts { get; set; }
    public bool? WebhookDelivered { get; set; }
}
