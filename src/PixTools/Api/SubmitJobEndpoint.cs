using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PixTools.Intake;

namespace PixTools.Api;

/// <summary>What POST /api/process binds: the multipart request (read by Intake with its size cap) and the optional Idempotency-Key.</summary>
public sealed record SubmitJobRequest(
    HttpRequest Request,
    [FromHeader(Name = SubmitJobEndpoint.IdempotencyKeyHeader)] string? IdempotencyKey,
    JobSubmission Submission);

/// <summary>POST /api/process: hands the request to <see cref="JobSubmission"/> and answers 202 with the job, or its problem.</summary>
public static class SubmitJobEndpoint
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static async Task<Results<Accepted<SubmitJobResponse>, ProblemHttpResult>> HandleAsync(
        [AsParameters] SubmitJobRequest submit, CancellationToken cancellationToken)
    {
        var outcome = await submit.Submission.SubmitAsync(submit.Request, submit.IdempotencyKey ?? "", cancellationToken);
        if (!outcome.Succeeded) return outcome.Problem.ToHttpResult();
        var job = outcome.Value;
        return TypedResults.Accepted($"/api/jobs/{job.JobId}", new SubmitJobResponse(job.JobId, job.Status.ToString()));
    }
}
