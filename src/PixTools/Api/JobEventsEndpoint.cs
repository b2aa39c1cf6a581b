using Microsoft.AspNetCore.Http.HttpResults;
using PixTools.Intake;
using PixTools.Jobs;

namespace PixTools.Api;

/// <summary>
/// GET /api/jobs/{job_id}/events: Server-Sent Events for the web page's live progress. Sends the
/// <see cref="Jobs.Views.JobView"/> as <c>event: job</c> whenever the job changes, then <c>event: end</c> once the job is
/// terminal and its end steps (ZIP, webhook) are done, or <see cref="EndStepsGrace"/> after it became terminal.
/// Same 400/404 rules as GET /api/jobs/{job_id}.
/// </summary>
public static class JobEventsEndpoint
{
    /// <summary>How soon the job row is read again after a change; one indexed read per open stream.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The longest wait between two reads: while nothing changes, each wait doubles up to this, so a job waiting in a long
    /// queue costs its follower a read a second instead of four (<see cref="NextPoll"/>).
    /// </summary>
    public static readonly TimeSpan MaxPollInterval = TimeSpan.FromSeconds(1);

    /// <summary>The wait before the next read: <see cref="PollInterval"/> after a change, otherwise twice the last, at most <see cref="MaxPollInterval"/>.</summary>
    public static TimeSpan NextPoll(TimeSpan last, bool changed) =>
        changed ? PollInterval : TimeSpan.FromTicks(Math.Min(last.Ticks * 2, MaxPollInterval.Ticks));

    /// <summary>A comment line this often keeps proxies from closing an idle stream.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);

    /// <summary>The ZIP is built (and the webhook sent) just after COMPLETED; the stream waits this long for them.</summary>
    public static readonly TimeSpan EndStepsGrace = TimeSpan.FromSeconds(30);

    public static async Task<Results<JobEventStream, ProblemHttpResult>> HandleAsync(
        string jobId, JobStore jobs, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(jobId, out var id))
        {
            return Problem.NotAUuid("job_id", jobId).ToHttpResult();
        }
        if (await jobs.FindAsync(id, cancellationToken) is null)
        {
            return Problem.NotFound($"job {id} was not found (it may have expired)").ToHttpResult();
        }
        return new JobEventStream(id);
    }
}
