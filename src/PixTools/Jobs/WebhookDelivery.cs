namespace PixTools.Jobs;

/// <summary>One attempt to deliver a job's webhook (table <c>webhook_deliveries</c>), listed at GET /api/jobs/{id}/webhook-deliveries.</summary>
public sealed class WebhookDelivery : WebhookAttemptRecord
{
    public Guid JobId { get; set; }
}
