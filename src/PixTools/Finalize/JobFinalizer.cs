using PixTools.Jobs;
using PixTools.Observability;

namespace PixTools.Finalize;

/// <summary>
/// The fan-in: called after every operation ends; the job store's conditional update makes exactly one
/// caller per job the winner, and only the winner goes on with the job's end.
/// </summary>
public sealed class JobFinalizer(JobStore jobs, ILogger<JobFinalizer> logger)
{
    /// <summary>Ends the job when all its operations are done; returns the terminal status when this call ended it.</summary>
    public async Task<JobStatus?> TryFinalizeAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var status = await jobs.TryFinalizeAsync(jobId, cancellationToken);
        if (status is { } ended) logger.JobFinished(jobId, ended.ToString());
        return status;
    }
}
