using System.ComponentModel.DataAnnotations;

namespace PixTools.Jobs;

/// <summary>Job lifetime rules, section <c>Jobs</c>.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>How long an Idempotency-Key answers with its job (default 24 h).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00", ErrorMessage = "Jobs:IdempotencyWindow must be between 1 s and 30 days")]
    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Jobs and their blobs older than this are pruned (default 24 h).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00", ErrorMessage = "Jobs:Retention must be between 1 s and 365 days")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the retention task runs (default 10 min).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00", ErrorMessage = "Jobs:PruneInterval must be between 100 ms and 1 day")]
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the sweeper looks for operations with no progress (default 30 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00", ErrorMessage = "Jobs:SweepInterval must be between 100 ms and 1 day")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// An operation with no progress for this long is sent to the queue again (default 5 min): a running one whose worker
    /// stopped reporting (a worker reports every fifth of this while it works), or a waiting one whose message looks lost
    /// (its queue handed out nothing for this long, or handed out a job submitted this much later). Waiting in a long
    /// queue is not a lack of progress.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00", ErrorMessage = "Jobs:StaleAfter must be between 100 ms and 1 day")]
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>After this many re-sends with no progress, the operation fails and so does its job (default 3).</summary>
    [Range(0, 100)]
    public int MaxRedispatches { get; set; } = 3;

    /// <summary>
    /// The longest one operation may run while its worker still reports it alive (default 1 h); past it the worker stops
    /// reporting, so the sweeper treats it as stuck (a hung decoder, say) after <see cref="StaleAfter"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "7.00:00:00", ErrorMessage = "Jobs:MaxOperationTime must be between 100 ms and 7 days")]
    public TimeSpan MaxOperationTime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often a worker reports the operations it runs as alive: a fifth of <see cref="StaleAfter"/>.</summary>
    public TimeSpan HeartbeatInterval => StaleAfter / 5;
}
