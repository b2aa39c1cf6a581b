using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PixTools.Intake;
using PixTools.Jobs;
using PixTools.Jobs.Views;
using PixTools.Webhooks.Endpoints;

namespace PixTools.Api;

/// <summary>What POST /api/batches binds: the multipart request (read by Intake with the batch's caps) and the optional Idempotency-Key.</summary>
public sealed record SubmitBatchRequest(
    HttpRequest Request,
    [FromHeader(Name = SubmitJobEndpoint.IdempotencyKeyHeader)] string? IdempotencyKey,
    BatchSubmission Submission);

/// <summary>The 202 answer of POST /api/batches.</summary>
public sealed record SubmitBatchResponse(Guid BatchId, string Status, IReadOnlyList<Guid> JobIds, IReadOnlyList<RefusedFile> Refused);

/// <summary>POST /api/batches, GET /api/batches/{id}, its events and its webhook deliveries (API.md, "Batches").</summary>
public static class BatchEndpoints
{
    public static RouteGroupBuilder MapBatchEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/batches", SubmitAsync)
            .RequireRateLimiting(RateLimiting.Submit)
            .AddEndpointFilter<AdmissionFilter>()
            .WithMetadata(new AdmissionFilter.ForBatches())
            .DisableAntiforgery()
            .Accepts<IFormFileCollection>("multipart/form-data")
            .WithSummary("Submit many images with the operations to run on each: one job per file, one ZIP and one webhook for all");
        api.MapGet("/batches/{batchId}", GetAsync).WithSummary("Poll a batch");
        api.MapGet("/batches/{batchId}/events", EventsAsync)
            .RequireRateLimiting(RateLimiting.EventStreams)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .WithSummary("Follow a batch as Server-Sent Events (event: batch with the batch's JSON on each change, then event: end)");
        api.MapBatchWebhookEndpoints();
        return api;
    }

    public static async Task<Results<Accepted<SubmitBatchResponse>, ProblemHttpResult>> SubmitAsync(
        [AsParameters] SubmitBatchRequest submit, HttpResponse response, CancellationToken cancellationToken)
    {
        var (batch, refusal) = await submit.Submission.SubmitAsync(submit.Request, submit.IdempotencyKey ?? "", cancellationToken);
        if (refusal is not null)
        {
            if (refusal.RetryAfter is { } retryAfter) response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var extensions = refusal.Files.Count == 0 ? null : new Dictionary<string, object?> { ["refused"] = refusal.Files };
            return TypedResults.Problem(detail: refusal.Problem.Detail, statusCode: refusal.Problem.StatusCode, extensions: extensions);
        }
        return TypedResults.Accepted($"/api/batches/{batch!.BatchId}", new SubmitBatchResponse(batch.BatchId, batch.Status, batch.JobIds, batch.Refused));
    }

    public static async Task<Results<Ok<BatchView>, ProblemHttpResult>> GetAsync(
        string batchId, BatchStore batches, BatchViewBuilder views, HttpRequest request, CancellationToken cancellationToken)
    {
        var found = await FindAsync(batchId, batches, cancellationToken);
        if (!found.Succeeded) return found.Problem.ToHttpResult();
        var jobs = await batches.ListJobsAsync(found.Value.Id, cancellationToken);
        return TypedResults.Ok(await views.BuildAsync(found.Value, jobs, request, cancellationToken));
    }

    public static async Task<Results<BatchEventStream, ProblemHttpResult>> EventsAsync(string batchId, BatchStore batches, CancellationToken cancellationToken)
    {
        var found = await FindAsync(batchId, batches, cancellationToken);
        return found.Succeeded ? new BatchEventStream(found.Value.Id) : found.Problem.ToHttpResult();
    }

    private static async Task<Outcome<Batch>> FindAsync(string batchId, BatchStore batches, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(batchId, out var id))
        {
            return Problem.NotAUuid("batch_id", batchId);
        }
        return await batches.FindAsync(id, cancellationToken) is { } batch ? batch : Problem.NotFound($"batch {id} was not found (it may have expired)");
    }
}
