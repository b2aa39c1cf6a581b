using Microsoft.AspNetCore.Http.HttpResults;
using PixTools.Intake;
using PixTools.Jobs;
using PixTools.Jobs.Views;

namespace PixTools.Api;

/// <summary>GET /api/jobs/{job_id}: the job's status, results and metadata; 400 for a malformed id, 404 for an unknown one.</summary>
public static class GetJobEndpoint
{
    public static async Task<Results<Ok<JobView>, ProblemHttpResult>> HandleAsync(
        string jobId, JobStore jobs, JobViewBuilder views, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(jobId, out var id))
        {
            return Problem.NotAUuid("job_id", jobId).ToHttpResult();
        }
        var job = await jobs.FindAsync(id, cancellationToken);
        if (job is null)
        {
            return Problem.NotFound($"job {id} was not found (it may have expired)").ToHttpResult();
        }
        return TypedResults.Ok(await views.BuildAsync(job, request, cancellationToken));
    }
}
