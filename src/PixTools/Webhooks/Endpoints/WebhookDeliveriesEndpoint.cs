using Microsoft.AspNetCore.Http.HttpResults;
using PixTools.Intake;
using PixTools.Jobs;

namespace PixTools.Webhooks.Endpoints;

/// <summary>GET /api/jobs/{job_id}/webhook-deliveries: each attempt's time, status code, latency, error and outcome.</summary>
internal static class WebhookDeliveriesEndpoint
{
    public static async Task<Results<Ok<WebhookDeliveriesView>, ProblemHttpResult>> HandleAsync(string jobId, JobStore jobs, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(jobId, out var id))
        {
            return Problem.NotAUuid("job_id", jobId).ToHttpResult();
        }
        if (await jobs.FindAsync(id, cancellationToken) is null)
        {
            return Problem.NotFound($"job {id} was not found (it may have expired)").ToHttpResult();
        }
        var attempts = await jobs.ListWebhookAttemptsAsync(id, cancellationToken);
        return TypedResults.Ok(new WebhookDeliveriesView(id, attempts.Select(a => new WebhookAttemptView(
            a.Attempt, WebhookViewFormat.Time(a.AttemptedAt), a.StatusCode, a.LatencyMs, a.Error, WebhookViewFormat.Outcome(a.Outcome))).ToList()));
    }
}
