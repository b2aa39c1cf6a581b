using Microsoft.Extensions.Options;
using PixTools.Jobs;
using PixTools.Jobs.Views;
using PixTools.Observability;
using PixTools.Webhooks.Delivery;

namespace PixTools.Webhooks;

/// <summary>
/// Delivers one job's webhook to the end: claim it, build the payload, attempt with exponential back-off
/// (each attempt recorded), then record the outcome; failing for good turns COMPLETED into COMPLETED_WEBHOOK_FAILED.
/// </summary>
internal sealed class JobWebhookNotifier(
    JobStore jobs, JobViewBuilder views, IServiceProvider services, IOptions<WebhookOptions> options, TimeProvider clock, ILogger<JobWebhookNotifier> logger)
{
    public async Task NotifyAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var scope = logger.BeginScope(LogScope.Of("JobId", jobId));

        // 1. Claim the delivery for as long as it can take; someone else may hold it, or it may be over.
        if (!await jobs.TryClaimWebhookAsync(jobId, clock.GetUtcNow().UtcDateTime + settings.LongestDelivery() + TimeSpan.FromMinutes(1), cancellationToken)) return;
        try
        {
            // 2. The payload from the row as it is now, with freshly signed URLs.
            var job = await jobs.FindAsync(jobId, cancellationToken);
            if (job?.WebhookUrl is not { } webhookUrl) return;
            var url = new Uri(webhookUrl);
            var payload = WebhookPayload.From(await views.BuildAsync(job, request: null, cancellationToken));
            var messageId = WebhookPayload.MessageIdOf(job.Id, job.Status);

            // 3. The attempts; after a restart the count goes on from those already recorded.
            var earlier = await jobs.ListWebhookAttemptsAsync(jobId, cancellationToken);
            var delivered = earlier.Count > 0 && earlier[^1].Outcome == WebhookOutcome.Delivered;
            // A typed client per delivery, as IHttpClientFactory intends (this class is a singleton).
            var sender = services.GetRequiredService<WebhookSender>();
            if (!delivered)
            {
                delivered = await WebhookAttempts.RunAsync(sender, settings, clock, url, messageId, payload.Serialize(), earlier.Count, async (attempt, attemptedAt, result) =>
                {
                    await jobs.RecordWebhookAttemptAsync(WebhookAttemptRecord.Of(new WebhookDelivery { JobId = jobId }, attempt, attemptedAt, result), cancellationToken);
                    if (result.Delivered) logger.WebhookDelivered(jobId, url.Host, attempt, result.StatusCode, result.LatencyMs);
                    else logger.WebhookAttemptFailed(jobId, attempt, url.Host, result.Outcome.ToString(), result.Error);
                }, cancellationToken);
            }

            // 4. The outcome.
            if (!delivered) logger.WebhookGaveUp(jobId, url.Host, settings.MaxAttempts);
            await jobs.EndWebhookAsync(jobId, delivered, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: give the claim back so the next start resumes at once instead of when it lapses.
            await jobs.ReleaseWebhookClaimAsync(jobId, CancellationToken.None);
            throw;
        }
    }

    /// <summary>The metric label of an outcome: snake_case, from a fixed set.</summary>
    internal static string OutcomeLabel(WebhookOutcome outcome) => outcome switch
    {
        WebhookOutcome.Delivered => "delivered",
        WebhookOutcome.HttpError => "http_error",
        WebhookOutcome.Timeout => "timeout",
        WebhookOutcome.Unreachable => "unreachable",
        WebhookOutcome.Refused => "refused",
        WebhookOutcome.CircuitOpen => "circuit_open",
        _ => "other",
    };
}
