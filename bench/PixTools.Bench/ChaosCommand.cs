// Over 250 lines: the chaos run is one sequence (kills and outages with their checks), easier to read in one file.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace PixTools.Bench;

/// <summary>
/// <c>chaos</c>: the distributed profile (1 api + 2 workers on the real PostgreSQL, RabbitMQ and s3rver) under faults.
/// kill: SIGKILL a worker every ~10 s (and start a new one) while 200 jobs run; every job must complete, once, with
/// none stuck. rabbitmq / postgres / s3: the service stops for a while (30/20/20 s) while clients submit steadily;
/// every 202 must complete after it is back, and submissions meanwhile answer 503 quickly. scaling: jobs per worker
/// CPU-second with 1 and 2 workers, and CPU per job of each service (for the 10/100-worker estimate).
/// Services are stopped and started with scripts/services/control.sh (never stop.sh).
/// </summary>
internal static class ChaosCommand
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var steps = (args.String("steps") ?? "kill,rabbitmq,postgres,s3,scaling").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var jobs = args.Int("jobs", 200);
        var killEvery = TimeSpan.FromSeconds(args.Int("kill-every-s", 10));
        var outages = (args.String("outage-s") ?? "30,20,20").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var control = args.String("control") ?? Path.Combine(RepoPaths.Root, "scripts", "services", "control.sh");
        var services = DistributedServices.Load(args.String("services-env"));
        var dll = args.String("server-dll") ?? RepoPaths.ServerDll;
        var photo = Photo.Load(args.String("photo") ?? Path.Combine(RepoPaths.Photos, "rocket-orient6.jpg"))!;
        const string operations = "[\"webp\",\"png\"]";
        var extra = new Dictionary<string, string> { ["PIXTOOLS_FORWARDEDHEADERS__KNOWNPROXIES__0"] = "127.0.0.1" };
        Console.WriteLine($"chaos: {MachineInfo.Describe()}");
        Console.WriteLine($"photo {photo.Name} ({photo.Bytes.Length / 1024} KiB) -> {operations}; distributed profile on PostgreSQL + RabbitMQ + s3rver; settings are the defaults");
        var ok = true;
        foreach (var step in steps)
        {
            var workers = step == "scaling" ? 0 : 2;
            if (step == "scaling")
            {
                ok &= await ScalingAsync(dll, services, extra, photo, operations, args.Int("scaling-jobs", 60), args.Int("scaling-warmup", 60));
                continue;
            }
            await using var scenario = await ThroughputScenario.StartDistributedAsync(dll, services, workers, 0, "Warning", extra);
            using var http = LoadClient.NewHttp(scenario.Api.BaseAddress);
            var tracker = new JobTracker(http);
            using var stop = new CancellationTokenSource();
            var follower = tracker.FollowAsync(stop.Token);
            try
            {
                ok &= step switch
                {
                    "kill" => await KillWorkersAsync(scenario, tracker, http, photo, operations, jobs, killEvery),
                    "rabbitmq" => await OutageAsync(scenario, tracker, http, photo, operations, control, "rabbitmq", outages[0]),
                    "postgres" => await OutageAsync(scenario, tracker, http, photo, operations, control, "postgres", outages[Math.Min(1, outages.Length - 1)]),
                    "s3" => await OutageAsync(scenario, tracker, http, photo, operations, control, "s3", outages[Math.Min(2, outages.Length - 1)]),
                    _ => throw new ArgumentException($"--steps: unknown step '{step}' (kill, rabbitmq, postgres, s3, scaling)"),
                };
            }
            catch (Exception e)
            {
                Console.WriteLine($"{step}: failed: {e.Message}\n{scenario.Output()}");
                ok = false;
            }
            finally
            {
                await stop.CancelAsync();
                await follower;
            }
        }
        return ok ? 0 : 1;
    }

    private static async Task<bool> KillWorkersAsync(ThroughputScenario scenario, JobTracker tracker, HttpClient http, Photo photo, string operations, int jobs, TimeSpan every)
    {
        var clock = Stopwatch.StartNew();
        var answers = new ConcurrentBag<SubmitAnswer>();
        var next = -1;
        var submitting = Task.WhenAll(Enumerable.Range(0, 8).Select(async c =>
        {
            var client = new LoadClient(http, $"10.9.0.{c + 1}");
            while (Interlocked.Increment(ref next) < jobs)
            {
                var answer = await client.SubmitUntilAcceptedAsync(photo, operations, $"chaos-kill-{next}-{Guid.NewGuid():N}", answers.Add);
                tracker.Add(answer.JobId!.Value, "kill", tracker.NowS - answer.Ms / 1000);
            }
        }));
        var kills = 0;
        var skipped = 0;
        var starts = new List<Task<double>>();
        var random = new Random(21);
        while (!submitting.IsCompleted || tracker.All.Any(j => j.EndedS is null))
        {
            await Task.Delay(every);
            if (clock.Elapsed > TimeSpan.FromMinutes(8)) break;
            if (!submitting.IsCompleted || tracker.All.Any(j => j.EndedS is null))
            {
                var victims = scenario.Processes.Skip(1).ToList();
                if (victims.Count == 0)
                {
                    skipped++; // every worker is still starting: nothing to kill this time
                    continue;
                }
                await scenario.KillAsync(victims[random.Next(victims.Count)]);
                kills++;
                starts.Add(TimeStartAsync(scenario, $"worker after kill {kills}"));
            }
        }
        await submitting;
        var stuck = await tracker.DrainAsync(TimeSpan.FromMinutes(5));
        var startSeconds = (await Task.WhenAll(starts)).Where(s => s > 0).ToList();
        var all = tracker.All;
        var completed = all.Count(j => j.Status == "COMPLETED");
        var (reruns, resultsPerJob) = await RunStatsAsync(scenario, all.Select(j => j.Id).ToList());
        var e2e = all.Where(j => j.EndedS is not null).Select(j => j.EndedS!.Value - j.SubmittedS).ToList();
        var leftovers = CountAbandonedTempFiles();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"kill: {kills} workers SIGKILLed every {every.TotalSeconds:F0} s during {jobs} jobs ({clock.Elapsed.TotalSeconds:F0} s; {skipped} times no worker was up yet; " +
            $"a new worker was ready after p50 {Stats.Percentile(startSeconds, 50):F1} s, max {(startSeconds.Count == 0 ? 0 : startSeconds.Max()):F1} s): {completed}/{all.Count} COMPLETED, " +
            $"{all.Count(j => j.Status == "FAILED")} FAILED, {stuck} stuck; result objects per job {resultsPerJob}; operations run more than once: {reruns}; " +
            $"end-to-end p50 {Stats.Percentile(e2e, 50):F1} s p99 {Stats.Percentile(e2e, 99):F1} s; 503/429 while submitting {answers.Count(a => a.Status is 503 or 429)}; " +
            $"temp files of killed workers left after the last start: {leftovers}"));
        return completed == jobs && all.Count == jobs && stuck == 0;
    }

    /// <summary>Starts a worker and returns the seconds until it answered /api/readyz (0 when it did not start).</summary>
    private static async Task<double> TimeStartAsync(ThroughputScenario scenario, string name)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await scenario.StartWorkerAsync(name);
            return clock.Elapsed.TotalSeconds;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException)
        {
            Console.WriteLine($"kill: {name} did not start: {e.Message}");
            return 0;
        }
    }

    private static async Task<bool> OutageAsync(ThroughputScenario scenario, JobTracker tracker, HttpClient http, Photo photo, string operations,
        string control, string service, int seconds)
    {
        var answers = new ConcurrentBag<(double AtS, SubmitAnswer Answer)>();
        var polls = new ConcurrentBag<(double AtS, int Status, double Ms)>();
        var start = tracker.NowS;
        var outageStart = start + 10;
        var until = double.MaxValue; // set once the service is back: 10 s more, however long stopping and starting took
        var submitting = Task.WhenAll(Enumerable.Range(0, 4).Select(async c =>
        {
            var client = new LoadClient(http, $"10.8.0.{c + 1}");
            while (tracker.NowS < Volatile.Read(ref until))
            {
                var answer = await client.SubmitAsync(photo, operations);
                answers.Add((tracker.NowS, answer));
                if (answer.JobId is { } id) tracker.Add(id, service, tracker.NowS - answer.Ms / 1000);
                await Task.Delay(500);
            }
        }));
        var polling = Task.Run(async () =>
        {
            while (tracker.NowS < Volatile.Read(ref until))
            {
                if (tracker.All.FirstOrDefault() is { } job)
                {
                    var clock = Stopwatch.StartNew();
                    var status = await StatusOfAsync(http, $"/api/jobs/{job.Id}");
                    polls.Add((tracker.NowS, status, clock.Elapsed.TotalMilliseconds));
                }
                await Task.Delay(500);
            }
        });
        await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, outageStart - tracker.NowS)));
        var stopCalledAt = tracker.NowS;
        await ControlAsync(control, "stop", service);
        var stoppedAt = tracker.NowS;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, stoppedAt + seconds - tracker.NowS)));
        }
        finally
        {
            await ControlAsync(control, "start", service);
        }
        var startedAt = tracker.NowS;
        Volatile.Write(ref until, startedAt + 10);
        await Task.WhenAll(submitting, polling);
        var stuck = await tracker.DrainAsync(TimeSpan.FromMinutes(5));
        var withoutArchive = await tracker.AwaitArchivesAsync(TimeSpan.FromSeconds(60));
        var all = tracker.All;
        var during = answers.Where(a => a.AtS >= stoppedAt && a.AtS <= startedAt).Select(a => a.Answer).ToList();
        var pollsDuring = polls.Where(p => p.AtS >= stoppedAt && p.AtS <= startedAt).ToList();
        var completed = all.Count(j => j.Status == "COMPLETED");
        var withArchive = all.Count(j => j.HasArchive);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{service}: stopped {startedAt - stoppedAt:F0} s (stopping took {stoppedAt - stopCalledAt:F1} s, starting {startedAt - stoppedAt - seconds:F1} s); submissions during it: {during.Count} ({during.Count(a => a.Status == 202)} × 202, {during.Count(a => a.Status == 503)} × 503, " +
            $"{during.Count(a => a.Status is not (202 or 503))} other), slowest answer {(during.Count == 0 ? 0 : during.Max(a => a.Ms)):F0} ms; polls during it: " +
            $"{pollsDuring.Count(p => p.Status == 200)} × 200, {pollsDuring.Count(p => p.Status == 503)} × 503, {pollsDuring.Count(p => p.Status is not (200 or 503))} other, " +
            $"slowest {(pollsDuring.Count == 0 ? 0 : pollsDuring.Max(p => p.Ms)):F0} ms; every 202 of the run: {completed}/{all.Count} COMPLETED " +
            $"({withArchive} with archive_url when first seen ended, {completed - withoutArchive} within 60 s after), {all.Count(j => j.Status == "FAILED")} FAILED, {stuck} stuck"));
        return completed == all.Count && stuck == 0 && withoutArchive == 0 && during.All(a => a.Status is 202 or 503) && pollsDuring.All(p => p.Status is 200 or 503);
    }

    /// <summary>1 then 2 worker processes on the same jobs: jobs per worker CPU-second, and each service's CPU per job.</summary>
    private static async Task<bool> ScalingAsync(string dll, DistributedServices services, Dictionary<string, string> extra, Photo photo, string operations, int jobs, int warmup)
    {
        foreach (var workers in new[] { 1, 2 })
        {
            await using var scenario = await ThroughputScenario.StartDistributedAsync(dll, services, workers, 0, "Warning", extra);
            using var http = LoadClient.NewHttp(scenario.Api.BaseAddress);
            var tracker = new JobTracker(http, pollEveryS: 2); // the api's CPU per job is mostly these polls: fewer of them
            using var stop = new CancellationTokenSource();
            var follower = tracker.FollowAsync(stop.Token);
            // Warm-up first, untimed: a fresh .NET process spends much of its first minute's CPU compiling (tiered JIT),
            // and with 2 workers that cost is paid twice over the same number of jobs.
            await SubmitAllAsync(http, tracker, photo, operations, warmup, "warm-up");
            await tracker.DrainAsync(TimeSpan.FromMinutes(5));
            var pids = scenario.Processes.Select(p => p.Pid).ToList();
            var servicePids = ServicePids();
            var before = pids.Select(CpuSeconds).ToList();
            var servicesBefore = servicePids.ToDictionary(kv => kv.Key, kv => kv.Value.Sum(CpuSeconds));
            var clock = Stopwatch.StartNew();
            await SubmitAllAsync(http, tracker, photo, operations, jobs, "scaling");
            var stuck = await tracker.DrainAsync(TimeSpan.FromMinutes(5));
            var elapsed = clock.Elapsed.TotalSeconds;
            var cpu = pids.Select((pid, i) => CpuSeconds(pid) - before[i]).ToList();
            var serviceCpu = servicePids.ToDictionary(kv => kv.Key, kv => kv.Value.Sum(CpuSeconds) - servicesBefore[kv.Key]);
            await stop.CancelAsync();
            await follower;
            var workerCpu = cpu.Skip(1).Sum();
            var perService = string.Join(", ", serviceCpu.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value * 1000 / jobs:F0} ms")));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"scaling: {workers} worker(s): {jobs} jobs in {elapsed:F1} s = {jobs / elapsed:F2} jobs/s; worker CPU {workerCpu:F1} s = {jobs / workerCpu:F2} jobs per worker CPU-second; " +
                $"CPU per job: api {cpu[0] * 1000 / jobs:F0} ms, workers {workerCpu * 1000 / jobs:F0} ms, {perService} (services shared with other users of the machine); stuck {stuck}"));
        }
        return true;
    }

    /// <summary><paramref name="jobs"/> jobs from 8 clients, each retried on 503/429 until accepted.</summary>
    private static Task SubmitAllAsync(HttpClient http, JobTracker tracker, Photo photo, string operations, int jobs, string scenario)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, 8).Select(async c =>
        {
            var client = new LoadClient(http, $"10.7.0.{c + 1}");
            while (Interlocked.Increment(ref next) < jobs)
            {
                var answer = await client.SubmitUntilAcceptedAsync(photo, operations);
                tracker.Add(answer.JobId!.Value, scenario, tracker.NowS);
            }
        }));
    }

    /// <summary>The status code of a GET, 0 when it got no answer.</summary>
    private static async Task<int> StatusOfAsync(HttpClient http, string path)
    {
        try
        {
            using var response = await http.GetAsync(path);
            return (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }

    private static async Task ControlAsync(string control, string action, string service)
    {
        using var process = Process.Start(new ProcessStartInfo(control, [action, service]) { RedirectStandardError = true })!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{control} {action} {service} exited {process.ExitCode}: {errors}");
    }

    /// <summary>Operations run more than once, and the result objects each job has (expected: one per operation).</summary>
    private static async Task<(long Reruns, string ResultsPerJob)> RunStatsAsync(ThroughputScenario scenario, IReadOnlyList<Guid> ids)
    {
        await using var connection = new NpgsqlConnection(scenario.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var reruns = new NpgsqlCommand("SELECT count(*) FROM operation_runs WHERE \"Attempts\" > 1", connection);
        var rerun = (long)(await reruns.ExecuteScalarAsync())!;
        var keys = await scenario.ResultKeysAsync();
        var perJob = ids.Select(id => keys.Count(k => k.StartsWith($"processed/{id:D}/", StringComparison.Ordinal))).GroupBy(n => n)
            .OrderBy(g => g.Key).Select(g => $"{g.Key} for {g.Count()} jobs");
        return (rerun, string.Join(", ", perJob));
    }

    /// <summary>Files in pixtools-work folders that no live process holds (what SIGKILLed workers left and no start removed).</summary>
    private static int CountAbandonedTempFiles()
    {
        var root = Path.Combine(Path.GetTempPath(), "pixtools-work");
        if (!Directory.Exists(root)) return 0;
        var count = 0;
        foreach (var folder in Directory.EnumerateDirectories(root))
        {
            try
            {
                using (new FileStream(Path.Combine(folder, ".lock"), FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                {
                    count += Directory.EnumerateFiles(folder).Count(f => Path.GetFileName(f) != ".lock");
                }
            }
            catch (IOException)
            {
                // held by a live process
            }
        }
        return count;
    }

    private static Dictionary<string, List<int>> ServicePids()
    {
        var found = new Dictionary<string, List<int>> { ["postgres"] = [], ["rabbitmq"] = [], ["s3rver"] = [] };
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string command;
            try
            {
                command = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            if (command.Contains("postgres", StringComparison.Ordinal) && command.Contains("55432", StringComparison.Ordinal) || command.StartsWith("postgres:", StringComparison.Ordinal)) found["postgres"].Add(pid);
            else if (command.Contains("beam.smp", StringComparison.Ordinal)) found["rabbitmq"].Add(pid);
            else if (command.Contains("s3rver", StringComparison.Ordinal)) found["s3rver"].Add(pid);
        }
        return found;
    }

    /// <summary>utime + stime of the process, in seconds (0 when it is gone).</summary>
    private static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
