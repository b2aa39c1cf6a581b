using System.ComponentModel.DataAnnotations;

namespace PixTools.Finalize;

/// <summary>The ZIP bundle of a job's results, section <c>Archive</c>.</summary>
public sealed class ArchiveOptions
{
    public const string Section = "Archive";

    /// <summary>Tries at building and storing one bundle before it is given up, logged and counted (default 3).</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Wait before the second try; it doubles with each try (default 1 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "Archive:RetryBaseDelay must be between 0 and 1 minute")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a bundle waits out storage or the database being away (retrying with backoff) before it is left for the
    /// sweeper to build later (default 90 s); such waits do not count as tries.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Archive:DependencyRetryBudget must be between 0 and 1 hour")]
    public TimeSpan DependencyRetryBudget { get; set; } = TimeSpan.FromSeconds(90);
}
