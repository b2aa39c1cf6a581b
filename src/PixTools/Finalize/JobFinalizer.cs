using PixTools.Jobs;
using PixTools.Observability;

namespace PixTools.Finalize;

/// <summary>
/// The fan-in: called after every operation ends; the job store's conditional update makes exactly one
/// caller per job the winner, and only the winner runs the job's end steps (bundle, webhook).
/// </summary>
public sealed class JobFinalizer(JobStore jobs, IEnumerable<IJobEndStep> endSteps, TimeProvider clock, ILogger<JobFinalizer> logger)
{
    private readonly IReadOnlyList<IJobEndStep> steps = endSteps.ToList();

    /// <summary>Ends the job when all its operations are done; returns the terminal status when this call ended it.</summary>
    public async Task<JobStatus?> TryFinalizeAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var status = await jobs.TryFinalizeAsync(jobId, cancellationToken);
        if (status is not { } ended) return null;
        using var activity = PixToolsActivity.Source.StartActivity("finalize job");
        activity?.SetTag("pixtools.job_id", jobId).SetTag("pixtools.status", ended.ToString());
        logger.JobFinished(jobId, ended.ToString());
        PixToolsMetrics.JobsFinished.WithLabels(ended.ToString()).Inc();
        var job = await jobs.FindAsync(jobId, cancellationToken);
        if (job is null) return status;
        var created = DateTime.SpecifyKind(job.CreatedAt, DateTimeKind.Utc);
        PixToolsMetrics.JobEndToEnd.Observe(Math.Max(0, (clock.GetUtcNow().UtcDateTime - created).TotalSeconds));
        await RunEndStepsAsync(jobId, cancellationToken, job);
        return status;
    }

    /// <summary>
    /// Runs every end step, then marks them done; the sweeper calls this again for a job whose steps a crash cut short.
    /// Each step sees the job as the step before it left it; <paramref name="current"/> spares the first read.
    /// </summary>
    public async Task RunEndStepsAsync(Guid jobId, CancellationToken cancellationToken, Job? current = null)
    {
        foreach (var step in steps)
        {
            var job = current ?? await jobs.FindAsync(jobId, cancellationToken);
            current = null;
            if (job is null) return;
            await step.RunAsync(job, cancellationToken);
        }
        await jobs.MarkEndStepsDoneAsync(jobId, cancellationToken);
    }
}
