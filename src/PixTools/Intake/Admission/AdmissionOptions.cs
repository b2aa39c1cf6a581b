using System.ComponentModel.DataAnnotations;

namespace PixTools.Intake.Admission;

/// <summary>How much unfinished work the service takes on before it answers 503, section <c>Admission</c>.</summary>
public sealed class AdmissionOptions
{
    public const string Section = "Admission";

    /// <summary>
    /// Jobs accepted and not yet ended (queued or running, counted in the job database, so shared by every api
    /// process) above which POST /api/process answers 503 with Retry-After (default 500).
    /// </summary>
    [Range(1, 10_000_000)]
    public int MaxUnfinishedJobs { get; set; } = 500;

    /// <summary>
    /// Bytes of uploads this process is receiving or storing at once (by their declared Content-Length) above which
    /// a new upload is refused with 503 before its body is read (default 256 MiB).
    /// </summary>
    [Range(1, long.MaxValue)]
    public long MaxPendingUploadBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>How long one count of unfinished jobs is reused before the database is asked again (default 1 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "Admission:CountCacheTime must be between 0 and 1 minute")]
    public TimeSpan CountCacheTime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest Retry-After a 503 suggests, in seconds (default 60); the shortest is 1.</summary>
    [Range(1, 3600)]
    public int MaxRetryAfterSeconds { get; set; } = 60;

    /// <summary>
    /// The most the count of unfinished jobs may take (default 5 s); a database that does not answer within it is
    /// taken as unavailable and the submission answered 503 before its body is read.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00", ErrorMessage = "Admission:CountTimeout must be between 100 ms and 5 minutes")]
    public TimeSpan CountTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
