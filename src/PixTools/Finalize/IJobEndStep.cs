using PixTools.Jobs;

namespace PixTools.Finalize;

/// <summary>
/// Work done once a job has reached its terminal status (the ZIP bundle, the webhook). Steps run in the order
/// Hosting.JobEndStepsRegistration registers them and must be idempotent: after a crash the sweeper runs the steps of that job again.
/// A step's failure never changes the job's outcome; the step logs and counts it.
/// </summary>
public interface IJobEndStep
{
    /// <summary>Runs the step for <paramref name="job"/>, read fresh after the previous step.</summary>
    Task RunAsync(Job job, CancellationToken cancellationToken);
}
