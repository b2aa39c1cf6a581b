using Microsoft.AspNetCore.Http.HttpResults;
using PixTools.Intake;
using PixTools.Jobs;

namespace PixTools.Webhooks.Endpoints;

/// <summary>
/// GET /api/batches/{batch_id}/webhook-deliveries: the batch's one webhook as the job endpoint shows a job's (each attempt's
/// time, status code, latency, error and outcome), with the delivery's state, since a batch has no status of its own for it.
/// </summary>
internal static class BatchWebhookDeliveriesEndpoint
{
    public static async Task<Results<Ok<BatchWebhookDeliveriesView>, ProblemHttpResult>> HandleAsync(string batchId, BatchStore batches, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(batchId, out var id))
        {
            return Problem.NotAUuid("batch_id", batchId).ToHttpResult();
        }
        if (await batches.FindAsync(id, cancellationToken) is not { } batch)
        {
            return Problem.NotFound($"batch {id} was not found (it may have expired)").ToHttpResult();
        }
        var attempts = await batches.ListWebhookAttemptsAsync(id, cancellationToken);
        return TypedResults.Ok(new BatchWebhookDeliveriesView(id, StateOf(batch), attempts.Select(a => new WebhookAttemptView(
            a.Attempt, WebhookViewFormat.Time(a.AttemptedAt), a.StatusCode, a.LatencyMs, a.Error, WebhookViewFormat.Outcome(a.Outcome))).ToList()));
    }

    /// <summary>none (no webhook_url), pending (not ended yet: waiting for the last job, or being sent and retried), delivered or failed (gave up).</summary>
    private static string StateOf(Batch batch) => batch.WebhookUrl is null ? "none"
        : batch.WebhookEndedAt is null ? "pending"
        : batch.WebhookDelivered == true ? "delivered" : "failed";
}
