using System.Collections.Concurrent;
using System.Diagnostics;

namespace PixTools.Bench;

/// <summary>
/// Every job a load run had accepted, with when it was submitted and when a poll first saw it ended. One follower
/// polls the unfinished ones (a few at a time, each at most every 250 ms unless told otherwise); clients that submit-and-poll wait on
/// <see cref="WaitAsync"/> instead of polling themselves.
/// </summary>
internal sealed class JobTracker(HttpClient http, double pollEveryS = 0.25)
{
    private readonly ConcurrentDictionary<Guid, Entry> jobs = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();

    public sealed class Entry(Guid id, string scenario, double submittedS)
    {
        public Guid Id { get; } = id;
        public string Scenario { get; } = scenario;
        public double SubmittedS { get; } = submittedS;
        public double? EndedS { get; set; }
        public string? Status { get; set; }
        public bool HasArchive { get; set; }
        public bool HasArchiveLater { get; set; }
        public double NextPollS { get; set; }
        public TaskCompletionSource Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public double NowS => clock.Elapsed.TotalSeconds;

    /// <summary>Records an accepted job submitted at <paramref name="submittedS"/> (the same job accepted again is one entry).</summary>
    public Entry Add(Guid id, string scenario, double submittedS) => jobs.GetOrAdd(id, _ => new Entry(id, scenario, submittedS));

    public IReadOnlyList<Entry> Of(string scenario) => jobs.Values.Where(j => j.Scenario == scenario).ToList();

    public IReadOnlyList<Entry> All => jobs.Values.ToList();

    public Task WaitAsync(Guid id) => jobs[id].Ended.Task;

    /// <summary>Polls until <paramref name="stop"/> fires.</summary>
    public async Task FollowAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var due = jobs.Values.Where(j => j.EndedS is null && j.NextPollS <= NowS).OrderBy(j => j.NextPollS).Take(64).ToList();
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (job, _) =>
            {
                var (status, archive) = await LoadClient.PollAsync(http, job.Id);
                job.NextPollS = NowS + pollEveryS;
                if (status is "COMPLETED" or "FAILED" or "COMPLETED_WEBHOOK_FAILED")
                {
                    job.Status = status;
                    job.HasArchive = archive;
                    job.EndedS = NowS;
                    job.Ended.TrySetResult();
                }
            });
            if (due.Count == 0) await Task.Delay(50, CancellationToken.None);
        }
    }

    /// <summary>
    /// archive_url is null until the ZIP is stored, a moment after the job ends (docs/api.md): polls the COMPLETED jobs
    /// first seen without it until each has one or <paramref name="timeout"/> passes; returns how many still lack it.
    /// </summary>
    public async Task<int> AwaitArchivesAsync(TimeSpan timeout)
    {
        var giveUp = NowS + timeout.TotalSeconds;
        var missing = jobs.Values.Where(j => j.Status == "COMPLETED" && !j.HasArchive).ToList();
        while (missing.Count > 0 && NowS < giveUp)
        {
            foreach (var job in missing)
            {
                var (_, archive) = await LoadClient.PollAsync(http, job.Id);
                job.HasArchiveLater = archive;
            }
            missing = missing.Where(j => !j.HasArchiveLater).ToList();
            if (missing.Count > 0) await Task.Delay(500);
        }
        return missing.Count;
    }

    /// <summary>Waits until every job has ended or <paramref name="timeout"/> passes; returns how many have not.</summary>
    public async Task<int> DrainAsync(TimeSpan timeout)
    {
        var giveUp = NowS + timeout.TotalSeconds;
        while (NowS < giveUp)
        {
            if (jobs.Values.All(j => j.EndedS is not null)) return 0;
            await Task.Delay(500);
        }
        return jobs.Values.Count(j => j.EndedS is null);
    }
}
