namespace PixTools.Jobs;

/// <summary>A built-in webhook receiver for trying an integration (table <c>webhook_inboxes</c>); expires with Jobs:Retention.</summary>
public sealed class WebhookInbox
{
    public Guid Id { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<WebhookInboxDelivery> Deliveries { get; set; } = [];
}
