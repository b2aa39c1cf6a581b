namespace PixTools.Jobs;

/// <summary>One request an inbox received (table <c>webhook_inbox_deliveries</c>), with whether its signature verified.</summary>
public sealed class WebhookInboxDelivery
{
    public long Id { get; set; }
    public Guid InboxId { get; set; }
    public DateTime ReceivedAt { get; set; }

    /// <summary>The request headers as a JSON object of name to value (credentials left out).</summary>
    public required string HeadersJson { get; set; }

    public required string Body { get; set; }
    public bool SignatureValid { get; set; }
}
