using System.ComponentModel.DataAnnotations;

namespace PixTools.Jobs;

/// <summary>Batches (POST /api/batches), section <c>Batches</c>.</summary>
public sealed class BatchOptions
{
    public const string Section = "Batches";

    /// <summary>Most <c>file</c> parts one batch may carry (default 100); more is a 413.</summary>
    [Range(1, 10_000, ErrorMessage = "Batches:MaxFiles must be between 1 and 10000")]
    public int MaxFiles { get; set; } = 100;

    /// <summary>Most bytes all files of one batch may add up to (default 256 MiB); more is a 413. Each file is also held to Limits:MaxUploadBytes.</summary>
    [Range(1, long.MaxValue, ErrorMessage = "Batches:MaxBytes must be at least 1")]
    public long MaxBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// Admission: a batch is refused whole (503 with Retry-After) when its jobs would take the jobs not yet ended past
    /// this many (default 10000).
    /// </summary>
    [Range(1, int.MaxValue, ErrorMessage = "Batches:MaxJobsInFlight must be at least 1")]
    public int MaxJobsInFlight { get; set; } = 10_000;

    /// <summary>The Retry-After given with that 503 (default 5 s).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Batches:RetryAfter must be between 1 s and 1 h")]
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);
}
