namespace PixTools.Jobs;

/// <summary>One attempt to deliver a batch's webhook (table <c>batch_webhook_deliveries</c>), listed at GET /api/batches/{id}/webhook-deliveries.</summary>
public sealed class BatchWebhookDelivery
{
    public long Id { get; set; }
    public Guid BatchId { get; set; }

    /// <summary>1 for the first attempt; the count goes on when a delivery resumes after a restart.</summary>
    public int Attempt { get; set; }

    public DateTime AttemptedAt { get; set; }

    /// <summary>The receiver's HTTP status, null when no response came (timeout, refused, circuit open).</summary>
    public int? StatusCode { get; set; }

    public long LatencyMs { get; set; }
    public string? Error { get; set; }
    public WebhookOutcome Outcome { get; set; }
}
