namespace PixTools.Jobs;

/// <summary>
/// A batch's status, derived from its jobs: PENDING until one starts, PROCESSING while any is not terminal, then
/// COMPLETED (none failed), FAILED (all failed) or PARTIAL (some failed).
/// </summary>
public sealed record BatchProgress(string Status, int Total, int Completed, int Failed)
{
    public const string Pending = "PENDING";
    public const string Processing = "PROCESSING";
    public const string AllCompleted = "COMPLETED";
    public const string Partial = "PARTIAL";
    public const string AllFailed = "FAILED";

    public bool IsTerminal => Status is AllCompleted or Partial or AllFailed;

    public static BatchProgress Of(IReadOnlyCollection<Job> jobs)
    {
        var failed = jobs.Count(j => j.Status == JobStatus.FAILED);
        var completed = jobs.Count(j => j.Status.IsTerminal() && j.Status != JobStatus.FAILED);
        var status = (completed + failed) switch
        {
            var ended when ended < jobs.Count => jobs.All(j => j.Status == JobStatus.PENDING) ? Pending : Processing,
            _ when failed == 0 => AllCompleted,
            _ when completed == 0 => AllFailed,
            _ => Partial,
        };
        return new BatchProgress(status, jobs.Count, completed, failed);
    }
}
