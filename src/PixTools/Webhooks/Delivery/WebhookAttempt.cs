using PixTools.Jobs;

namespace PixTools.Webhooks.Delivery;

/// <summary>What one send did: the outcome, the receiver's status when it answered, how long it took, and why it failed.</summary>
internal sealed record WebhookAttempt(WebhookOutcome Outcome, int? StatusCode, long LatencyMs, string? Error) : IWebhookAttemptResult
{
    public bool Delivered => Outcome == WebhookOutcome.Delivered;
}
