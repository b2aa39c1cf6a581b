using PixTools.Observability;

namespace PixTools.Webhooks.Delivery;

/// <summary>
/// The attempts of one webhook delivery, a job's or a batch's: from the attempt after <c>done</c> up to
/// <see cref="WebhookOptions.MaxAttempts"/>, with the back-off between them, each attempt handed to <c>record</c> (which
/// stores and logs it) and counted in the deliveries metric. True when one was delivered.
/// </summary>
internal static class WebhookAttempts
{
    public static async Task<bool> RunAsync(
        WebhookSender sender, WebhookOptions settings, TimeProvider clock, Uri url, string messageId, string body, int done,
        Func<int, DateTime, WebhookAttempt, Task> record, CancellationToken cancellationToken)
    {
        for (var attempt = done + 1; attempt <= settings.MaxAttempts; attempt++)
        {
            if (attempt > done + 1) await Task.Delay(settings.DelayBefore(attempt), clock, cancellationToken);
            var attemptedAt = clock.GetUtcNow().UtcDateTime;
            var result = await sender.SendAsync(url, messageId, body, cancellationToken);
            await record(attempt, attemptedAt, result);
            PixToolsMetrics.WebhookDeliveries.WithLabels(JobWebhookNotifier.OutcomeLabel(result.Outcome)).Inc();
            if (result.Delivered) return true;
        }
        return false;
    }
}
