namespace PixTools.Jobs;

/// <summary>One attempt to deliver a batch's webhook (table <c>batch_webhook_deliveries</c>), listed at GET /api/batches/{id}/webhook-deliveries.</summary>
public sealed class BatchWebhookDelivery : WebhookAttemptRecord
{
    public Guid BatchId { get; set; }
}
