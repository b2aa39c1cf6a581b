using System.Collections.Concurrent;
using System.Globalization;

namespace PixTools.Bench;

/// <summary>
/// <c>load</c>: a crowd of clients against the embedded and the distributed profile, on the settings' defaults (bar
/// 127.0.0.1 as a known proxy, so each simulated client has its own address and rate-limit bucket). Scenarios:
/// steady (16 clients submit-and-poll), spike (100 clients at once), mix (16 clients, 80 % webp+avif, 20 % denoise),
/// accept (32 clients uploading ~560 KiB JPEGs → webp back to back: the accept latency while the workers are saturated),
/// burst (3000 small jobs as fast as 64 senders can), storm (40 clients retrying on 503/429 with idempotency keys,
/// right after the burst). Per scenario: accept p50/p99 of the 202s, 503 and 429 counts, completed jobs/s, end-to-end
/// p50/p99, peak RSS, and lost jobs (accepted, never ended): those must be 0.
/// </summary>
internal static class LoadCommand
{
    private sealed record Row(string Profile, string Scenario, int Sent, int Accepted, int Refused503, int Refused429, int Other,
        double AcceptP50, double AcceptP99, double JobsPerS, double E2eP50, double E2eP99, double PeakOneMiB, double PeakSumMiB, int Lost, int Failed, int Duplicates);

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var profiles = (args.String("profiles") ?? "embedded,distributed").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var scenarios = (args.String("scenarios") ?? "steady,spike,mix,accept,burst,storm").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var seconds = args.Int("seconds", 30);
        var workers = args.Int("workers", 2);
        var drain = TimeSpan.FromSeconds(args.Int("drain-s", 600));
        var settle = args.Int("settle-s", 60);
        var burstJobs = args.Int("burst-jobs", 3000);
        // The accept scenario fills the backlog to the admission ceiling (500 jobs); webp alone drains it in minutes.
        var acceptOps = args.String("accept-ops") ?? "[\"webp\"]";
        var dll = args.String("server-dll") ?? RepoPaths.ServerDll;
        var photo = Photo.Load(args.String("photo") ?? Path.Combine(RepoPaths.Photos, "friends-portrait.jpg"))!;
        var small = Photo.Load(args.String("small-photo") ?? Path.Combine(RepoPaths.Photos, "rocket-orient6.jpg"))!;
        var extra = new Dictionary<string, string>
        {
            ["PIXTOOLS_FORWARDEDHEADERS__KNOWNPROXIES__0"] = "127.0.0.1",
            ["PIXTOOLS_WORKER__QUEUES"] = "standard,ml",
        };
        foreach (var setting in args.All("set"))
        {
            var parts = setting.Split('=', 2);
            extra[parts[0]] = parts[1];
        }

        Console.WriteLine($"load: {MachineInfo.Describe()}");
        Console.WriteLine($"photo {photo.Name} ({photo.Bytes.Length / 1024} KiB, {photo.Width}x{photo.Height}) -> [\"webp\",\"avif\"]; burst photo {small.Name} ({small.Bytes.Length / 1024} KiB) -> [\"webp\"]; " +
            $"steady/mix/accept run {seconds} s; then every accepted job is followed until it ends (at most {drain.TotalSeconds:F0} s)");
        Console.WriteLine($"settings: defaults, plus {string.Join(", ", extra.Select(kv => $"{kv.Key}={kv.Value}"))}; distributed: 1 api + {workers} workers");
        Console.WriteLine();

        var rows = new List<Row>();
        foreach (var profile in profiles)
        {
            await using var scenario = profile == "distributed"
                ? await ThroughputScenario.StartDistributedAsync(dll, DistributedServices.Load(args.String("services-env")), workers, 0, "Warning", extra)
                : await ThroughputScenario.StartEmbeddedAsync(dll, 0, "Warning", extra);
            using var http = LoadClient.NewHttp(scenario.Api.BaseAddress);
            var tracker = new JobTracker(http);
            var rss = new RssSampler(() => scenario.Processes.Select(p => p.Pid).ToList());
            using var stop = new CancellationTokenSource();
            var follower = tracker.FollowAsync(stop.Token);
            var sampler = rss.RunAsync(stop.Token);
            var (warmOne, _) = rss.Sample();
            Console.WriteLine($"{profile}: started ({scenario.Description}); RSS at rest {warmOne / 1048576.0:F0} MiB");
            try
            {
                // Warm: a few jobs one after another (every code path loaded and compiled, the encoders' libraries
                // mapped), then --settle-s of rest; the RSS after the load is compared with this one.
                var warmJobs = args.Int("warm-jobs", 4);
                if (warmJobs > 0)
                {
                    var warmAnswers = new ConcurrentBag<SubmitAnswer>();
                    for (var i = 0; i < warmJobs; i++)
                    {
                        Record(tracker, "warm", await Client(http, "warm", 0).SubmitAsync(photo, "[\"webp\",\"avif\"]"), warmAnswers);
                        await tracker.DrainAsync(drain);
                    }
                    await Task.Delay(TimeSpan.FromSeconds(settle));
                    (warmOne, _) = rss.Sample();
                    Console.WriteLine($"{profile}: warm ({warmJobs} jobs, then {settle} s of rest): RSS {warmOne / 1048576.0:F0} MiB");
                }
                foreach (var name in scenarios)
                {
                    rss.Reset();
                    var answers = new ConcurrentBag<SubmitAnswer>();
                    var duplicates = 0;
                    var started = tracker.NowS;
                    switch (name)
                    {
                        case "steady":
                            await SubmitAndPollAsync(http, tracker, name, 16, seconds, _ => (photo, "[\"webp\",\"avif\"]"), answers);
                            break;
                        case "mix":
                            await SubmitAndPollAsync(http, tracker, name, 16, seconds, i => i % 5 == 4 ? (photo, "[\"denoise\"]") : (photo, "[\"webp\",\"avif\"]"), answers);
                            break;
                        case "spike":
                            await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
                            {
                                var answer = await Client(http, name, i).SubmitAsync(photo, "[\"webp\",\"avif\"]");
                                Record(tracker, name, answer, answers);
                            }));
                            break;
                        case "accept":
                            await BackToBackAsync(http, tracker, name, 32, TimeSpan.FromSeconds(seconds), photo, acceptOps, answers);
                            break;
                        case "burst":
                            var next = -1;
                            await Task.WhenAll(Enumerable.Range(0, 64).Select(async c =>
                            {
                                var client = Client(http, name, c);
                                while (Interlocked.Increment(ref next) < burstJobs) Record(tracker, name, await client.SubmitAsync(small, "[\"webp\"]"), answers);
                            }));
                            break;
                        case "storm":
                            duplicates = await StormAsync(http, tracker, name, 40, 3, small, TimeSpan.FromSeconds(seconds * 6), answers);
                            break;
                        default:
                            throw new ArgumentException($"--scenarios: unknown scenario '{name}' (steady, spike, mix, accept, burst, storm)");
                    }
                    // The burst's backlog is what the storm meets: drain after the storm, not between them.
                    var lost = name == "burst" && scenarios.Contains("storm") ? 0 : await tracker.DrainAsync(drain);
                    rows.Add(Summarize(profile, name, started, tracker, answers, rss, lost, duplicates));
                    Print(rows[^1]);
                }
                await Task.Delay(TimeSpan.FromSeconds(settle));
                var (afterOne, afterSum) = rss.Sample();
                Console.WriteLine($"{profile}: RSS {settle} s after the load: largest process {afterOne / 1048576.0:F0} MiB ({(double)afterOne / warmOne:F2}x the warm/rest RSS), all processes {afterSum / 1048576.0:F0} MiB");
            }
            catch (Exception e)
            {
                Console.WriteLine($"{profile}: failed: {e.Message}\n{scenario.Output()}");
                throw;
            }
            finally
            {
                await stop.CancelAsync();
                await follower;
                await sampler;
            }
        }

        Console.WriteLine();
        Console.WriteLine("| profile | scenario | sent | 202 | 503 | 429 | other | accept p50 ms | accept p99 ms | completed jobs/s | end-to-end p50 s | end-to-end p99 s | peak RSS MiB (largest / all) | lost | failed | duplicate jobs |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Profile} | {r.Scenario} | {r.Sent} | {r.Accepted} | {r.Refused503} | {r.Refused429} | {r.Other} | {r.AcceptP50:F0} | {r.AcceptP99:F0} | {r.JobsPerS:F2} | {r.E2eP50:F1} | {r.E2eP99:F1} | {r.PeakOneMiB:F0} / {r.PeakSumMiB:F0} | {r.Lost} | {r.Failed} | {r.Duplicates} |"));
        }
        return rows.All(r => r.Lost == 0 && r.Duplicates == 0) ? 0 : 1;
    }

    private static LoadClient Client(HttpClient http, string scenario, int i) =>
        new(http, $"10.{scenario.Length}.{i / 250}.{i % 250 + 1}");

    private static void Record(JobTracker tracker, string scenario, SubmitAnswer answer, ConcurrentBag<SubmitAnswer> answers)
    {
        answers.Add(answer);
        if (answer.JobId is { } id) tracker.Add(id, scenario, tracker.NowS - answer.Ms / 1000);
    }

    /// <summary>Each client submits, waits for its job to end, and submits again until the time is up; a 503/429 waits its Retry-After.</summary>
    private static async Task SubmitAndPollAsync(HttpClient http, JobTracker tracker, string scenario, int clients, int seconds,
        Func<int, (Photo Photo, string Operations)> pick, ConcurrentBag<SubmitAnswer> answers)
    {
        var until = tracker.NowS + seconds;
        var counter = 0;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            var client = Client(http, scenario, c);
            while (tracker.NowS < until)
            {
                var (photo, operations) = pick(Interlocked.Increment(ref counter));
                var answer = await client.SubmitAsync(photo, operations);
                Record(tracker, scenario, answer, answers);
                if (answer.JobId is { } id) await tracker.WaitAsync(id);
                else await Task.Delay(answer.RetryAfter ?? TimeSpan.FromSeconds(1));
            }
        }));
    }

    /// <summary>Each client uploads again as soon as it has its answer (a 503/429 waits its Retry-After, at most the time left).</summary>
    private static async Task BackToBackAsync(HttpClient http, JobTracker tracker, string scenario, int clients, TimeSpan duration, Photo photo, string operations,
        ConcurrentBag<SubmitAnswer> answers)
    {
        var until = tracker.NowS + duration.TotalSeconds;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            var client = Client(http, scenario, c);
            while (tracker.NowS < until)
            {
                var answer = await client.SubmitAsync(photo, operations);
                Record(tracker, scenario, answer, answers);
                if (answer.JobId is null) await Task.Delay(TimeSpan.FromSeconds(Math.Min((answer.RetryAfter ?? TimeSpan.FromSeconds(1)).TotalSeconds, Math.Max(0, until - tracker.NowS))));
            }
        }));
    }

    /// <summary>
    /// Each client gets <paramref name="jobsEach"/> jobs accepted, each under its own Idempotency-Key, retrying on 503/429
    /// after Retry-After; then sends each accepted request once more (a client that lost the answer). Returns how many
    /// of those repeats answered another job than the first (duplicates; must be 0).
    /// </summary>
    private static async Task<int> StormAsync(HttpClient http, JobTracker tracker, string scenario, int clients, int jobsEach, Photo photo, TimeSpan limit,
        ConcurrentBag<SubmitAnswer> answers)
    {
        var until = tracker.NowS + limit.TotalSeconds;
        var duplicates = 0;
        var run = Guid.NewGuid().ToString("N")[..8];
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            var client = Client(http, scenario, c);
            for (var j = 0; j < jobsEach; j++)
            {
                var key = $"storm-{run}-{c}-{j}";
                SubmitAnswer answer;
                do
                {
                    answer = await client.SubmitAsync(photo, "[\"webp\"]", key);
                    Record(tracker, scenario, answer, answers);
                    if (answer.JobId is null) await Task.Delay(answer.RetryAfter ?? TimeSpan.FromSeconds(1));
                }
                while (answer.JobId is null && tracker.NowS < until);
                if (answer.JobId is not { } first) continue;
                SubmitAnswer again;
                do
                {
                    again = await client.SubmitAsync(photo, "[\"webp\"]", key);
                    answers.Add(again);
                    if (again.JobId is null) await Task.Delay(again.RetryAfter ?? TimeSpan.FromSeconds(1));
                }
                while (again.JobId is null && tracker.NowS < until);
                if (again.JobId is { } second && second != first) Interlocked.Increment(ref duplicates);
            }
        }));
        return duplicates;
    }

    private static Row Summarize(string profile, string scenario, double started, JobTracker tracker, ConcurrentBag<SubmitAnswer> answers, RssSampler rss, int lost, int duplicates)
    {
        var all = answers.ToList();
        var accepted = all.Where(a => a.Status == 202).Select(a => a.Ms).ToList();
        var jobs = tracker.Of(scenario);
        var ended = jobs.Where(j => j.EndedS is not null).ToList();
        var lastEnd = ended.Count == 0 ? started : ended.Max(j => j.EndedS!.Value);
        var completed = ended.Count(j => j.Status == "COMPLETED");
        var e2e = ended.Select(j => j.EndedS!.Value - j.SubmittedS).ToList();
        return new Row(profile, scenario, all.Count, accepted.Count, all.Count(a => a.Status == 503), all.Count(a => a.Status == 429),
            all.Count(a => a.Status is not (202 or 503 or 429)),
            Stats.Percentile(accepted, 50), Stats.Percentile(accepted, 99),
            completed / Math.Max(0.001, lastEnd - started), Stats.Percentile(e2e, 50), Stats.Percentile(e2e, 99),
            rss.PeakOneMiB, rss.PeakSumMiB, lost > 0 ? jobs.Count(j => j.EndedS is null) : 0, ended.Count(j => j.Status != "COMPLETED"), duplicates);
    }

    private static void Print(Row r) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{r.Profile} {r.Scenario}: sent {r.Sent}, 202 {r.Accepted}, 503 {r.Refused503}, 429 {r.Refused429}, other {r.Other}; accept p50 {r.AcceptP50:F0} ms p99 {r.AcceptP99:F0} ms; " +
        $"{r.JobsPerS:F2} completed jobs/s; end-to-end p50 {r.E2eP50:F1} s p99 {r.E2eP99:F1} s; peak RSS {r.PeakOneMiB:F0} MiB (all {r.PeakSumMiB:F0}); lost {r.Lost}, failed {r.Failed}, duplicates {r.Duplicates}"));
}
