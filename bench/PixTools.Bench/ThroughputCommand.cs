using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using PixTools.Operations;

namespace PixTools.Bench;

/// <summary>
/// <c>throughput</c>: jobs per second with 1 and 2 workers on the distributed profile (an api process and worker
/// processes apart, on PostgreSQL + RabbitMQ + S3) and on the embedded default (one role-all process on SQLite and
/// a local folder, Worker:Concurrency 1 and 2), then the API's accept latency (p50/p99 of POST /api/process) with
/// many clients uploading at once, per profile.
/// </summary>
internal static class ThroughputCommand
{
    private sealed record JobsResult(string Profile, string Setup, int Slots, int Jobs, int Completed, IReadOnlyDictionary<string, int> Ended,
        double AcceptedS, double ElapsedS, string Load);

    private sealed record LatencyResult(string Profile, string Setup, int Clients, int Rounds, IReadOnlyList<double> Ms, int Completed, int Jobs, string Load);

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var jobs = args.Int("jobs", 200);
        var warmup = args.Int("warmup", 10);
        var submitters = args.Int("submit-concurrency", 8);
        var clients = args.Int("clients", 32);
        var rounds = args.Int("rounds", 10);
        var poll = TimeSpan.FromMilliseconds(args.Int("poll-ms", 20));
        var deadline = TimeSpan.FromSeconds(args.Int("timeout-s", 900));
        var workerConcurrency = args.Int("worker-concurrency", 1);
        var logLevel = args.String("log-level") ?? "Warning";
        var profiles = (args.String("profiles") ?? "distributed,embedded").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var workerCounts = (args.String("workers") ?? "1,2").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(w => int.Parse(w, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
        if (profiles.Except(["distributed", "embedded"]).FirstOrDefault() is { } unknown) throw new ArgumentException($"--profiles: unknown profile '{unknown}' (distributed, embedded)");
        var dll = args.String("server-dll") ?? RepoPaths.ServerDll;
        var photo = Photo.Load(args.String("photo") ?? Path.Combine(RepoPaths.Photos, "coffee.png")) ?? throw new InvalidOperationException("not an image");
        var target = photo.Format == ImageFormats.Webp ? ImageFormats.Jpeg : ImageFormats.Webp;
        var operationsJson = $"[\"{target.Operation}\"]";
        var services = profiles.Contains("distributed") ? DistributedServices.Load(args.String("services-env")) : null;

        Console.WriteLine($"throughput: {MachineInfo.Describe()}");
        Console.WriteLine($"{jobs} jobs of {photo.Name} ({photo.Width}x{photo.Height}, {photo.Bytes.Length / 1024} KiB) -> {operationsJson} per scenario, " +
            $"after {warmup} untimed warm-up jobs; submitted {submitters} at a time; timed from the first POST /api/process to the poll that saw the last job " +
            $"COMPLETED (the oldest unfinished job is polled every {poll.TotalMilliseconds:F0} ms; a finished one moves on to the next at once)");
        if (profiles.Contains("distributed"))
        {
            Console.WriteLine($"distributed: 1 api process + N worker processes (role worker, Worker:Queues standard, Worker:Concurrency {workerConcurrency} each, " +
                $"DOTNET_PROCESSORCOUNT = {Environment.ProcessorCount} cores / N, so the workers together get a fair share of the cores, not N × all of them) " +
                "on PostgreSQL + RabbitMQ + s3rver; a fresh database, queue prefix and bucket per scenario, removed afterwards");
        }
        if (profiles.Contains("embedded"))
        {
            Console.WriteLine("embedded: 1 process (role all: API, in-process queue and worker) on SQLite + a local folder; \"N workers\" here means " +
                "Worker:Concurrency N in that one process, not N processes");
        }
        Console.WriteLine($"log level {logLevel} in every PixTools process; the PixTools processes, the services and this client share the same {Environment.ProcessorCount} cores");
        Console.WriteLine();

        var throughput = new List<JobsResult>();
        var latency = new List<LatencyResult>();
        foreach (var profile in profiles)
        {
            foreach (var workers in workerCounts)
            {
                await using var scenario = profile == "distributed"
                    ? await ThroughputScenario.StartDistributedAsync(dll, services!, workers, workerConcurrency, logLevel)
                    : await ThroughputScenario.StartEmbeddedAsync(dll, workers, logLevel);
                var slots = profile == "distributed" ? workers * workerConcurrency : workers;
                using var http = new HttpClient { BaseAddress = scenario.Api.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
                var client = new Client(http, photo, operationsJson);
                try
                {
                    var warm = await SubmitAllAsync(client, warmup, submitters);
                    await WaitForAllAsync(client, warm, poll, deadline);

                    var result = await RunJobsAsync(client, jobs, submitters, poll, deadline);
                    throughput.Add(new JobsResult(profile, scenario.Description, slots, jobs, result.Ended.GetValueOrDefault("COMPLETED"), result.Ended,
                        result.AcceptedS, result.ElapsedS, MachineInfo.LoadAverage()));
                    Console.Error.WriteLine($"throughput: {profile}, {scenario.Description}: {jobs / result.ElapsedS:F1} jobs/s");

                    if (workers == workerCounts.Max())
                    {
                        var accepted = await AcceptLatencyAsync(client, clients, rounds);
                        var ended = await WaitForAllAsync(client, accepted.Ids, poll, deadline);
                        latency.Add(new LatencyResult(profile, scenario.Description, clients, rounds, accepted.Ms, ended.GetValueOrDefault("COMPLETED"),
                            accepted.Ids.Count, MachineInfo.LoadAverage()));
                    }
                }
                catch (Exception e) when (e is TimeoutException or InvalidOperationException or HttpRequestException)
                {
                    throw new InvalidOperationException($"{profile}, {scenario.Description}: {e.Message}\n{scenario.Output()}", e);
                }
            }
        }

        Console.WriteLine("### jobs per second");
        Console.WriteLine();
        Console.WriteLine("| profile | processes × slots | conversion slots | COMPLETED | all accepted after s | last COMPLETED after s | **jobs/s** | load avg |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in throughput)
        {
            var others = string.Join(", ", r.Ended.Where(e => e.Key != "COMPLETED").Select(e => $"{e.Value} {e.Key}"));
            Console.WriteLine($"| {r.Profile} | {r.Setup} | {r.Slots} | {r.Completed}/{r.Jobs}{(others.Length > 0 ? $" ({others})" : "")} | " +
                $"{r.AcceptedS:F2} | {r.ElapsedS:F2} | **{r.Jobs / r.ElapsedS:F1}** | {r.Load} |");
        }
        foreach (var profile in profiles)
        {
            var one = throughput.FirstOrDefault(r => r.Profile == profile && r.Slots == throughput.Where(t => t.Profile == profile).Min(t => t.Slots));
            var most = throughput.LastOrDefault(r => r.Profile == profile);
            if (one is not null && most is not null && one != most)
            {
                Console.WriteLine();
                Console.WriteLine($"{profile}: {most.Slots} slots / {one.Slots} = {(most.Jobs / most.ElapsedS) / (one.Jobs / one.ElapsedS):F2}× the jobs/s");
            }
        }
        Console.WriteLine();
        Console.WriteLine($"### accept latency: POST /api/process ({photo.Bytes.Length / 1024} KiB upload) answered 202, {clients} clients at once");
        Console.WriteLine();
        Console.WriteLine($"{rounds} rounds after 1 untimed one; each round {clients} uploads start together and the next waits for all of them; " +
            "timed from just before the POST to its whole 202 response; the workers keep converting the accepted jobs meanwhile. p99 is nearest-rank");
        Console.WriteLine();
        Console.WriteLine("| profile | processes × slots | POSTs | **p50 ms** | **p99 ms** | max ms | then COMPLETED | load avg |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in latency)
        {
            Console.WriteLine($"| {r.Profile} | {r.Setup} | {r.Ms.Count} | **{Stats.Median(r.Ms):F1}** | **{Stats.Percentile(r.Ms, 99):F1}** | " +
                $"{r.Ms.Max():F1} | {r.Completed}/{r.Jobs} | {r.Load} |");
        }
        Console.WriteLine();
        Console.WriteLine($"load average at the end: {MachineInfo.LoadAverage()}");
        var allCompleted = throughput.All(r => r.Completed == r.Jobs) && latency.All(r => r.Completed == r.Jobs);
        if (!allCompleted) Console.WriteLine("**not every job COMPLETED** (see the COMPLETED columns)");
        return allCompleted ? 0 : 1;
    }

    /// <summary>Submits <paramref name="count"/> jobs, <paramref name="submitters"/> at a time, while a poller follows them; timed to the last end.</summary>
    private static async Task<(IReadOnlyDictionary<string, int> Ended, double AcceptedS, double ElapsedS)> RunJobsAsync(
        Client client, int count, int submitters, TimeSpan poll, TimeSpan deadline)
    {
        var accepted = Channel.CreateUnbounded<Guid>();
        var clock = Stopwatch.StartNew();
        var acceptedS = 0.0;
        var submit = Task.Run(async () =>
        {
            try
            {
                await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = submitters },
                    async (_, _) => accepted.Writer.TryWrite(await client.SubmitAsync()));
                acceptedS = clock.Elapsed.TotalSeconds;
            }
            finally
            {
                accepted.Writer.Complete();
            }
        });
        var ended = await FollowAsync(client, accepted.Reader, poll, deadline);
        var elapsedS = clock.Elapsed.TotalSeconds;
        await submit;
        return (ended, acceptedS, elapsedS);
    }

    /// <summary>Polls the jobs in the order they were accepted until each has ended; returns how many ended in each status.</summary>
    private static async Task<Dictionary<string, int>> FollowAsync(Client client, ChannelReader<Guid> accepted, TimeSpan poll, TimeSpan deadline)
    {
        var ended = new Dictionary<string, int>();
        var clock = Stopwatch.StartNew();
        await foreach (var id in accepted.ReadAllAsync())
        {
            while (true)
            {
                var status = await client.StatusAsync(id);
                if (status is not ("PENDING" or "PROCESSING"))
                {
                    ended[status] = ended.GetValueOrDefault(status) + 1;
                    break;
                }
                if (clock.Elapsed > deadline) throw new TimeoutException($"job {id} still {status} after {deadline}");
                await Task.Delay(poll);
            }
        }
        return ended;
    }

    private static async Task<List<Guid>> SubmitAllAsync(Client client, int count, int submitters)
    {
        var ids = new ConcurrentBag<Guid>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = submitters },
            async (_, _) => ids.Add(await client.SubmitAsync()));
        return [.. ids];
    }

    private static Task<Dictionary<string, int>> WaitForAllAsync(Client client, IEnumerable<Guid> ids, TimeSpan poll, TimeSpan deadline)
    {
        var queue = Channel.CreateUnbounded<Guid>();
        foreach (var id in ids) queue.Writer.TryWrite(id);
        queue.Writer.Complete();
        return FollowAsync(client, queue.Reader, poll, deadline);
    }

    /// <summary>One untimed round, then <paramref name="rounds"/> rounds of <paramref name="clients"/> uploads started together.</summary>
    private static async Task<(List<double> Ms, List<Guid> Ids)> AcceptLatencyAsync(Client client, int clients, int rounds)
    {
        var ms = new List<double>();
        var ids = new List<Guid>();
        for (var round = 0; round <= rounds; round++)
        {
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var uploads = Enumerable.Range(0, clients).Select(async _ =>
            {
                await go.Task;
                var clock = Stopwatch.StartNew();
                var id = await client.SubmitAsync();
                return (clock.Elapsed.TotalMilliseconds, id);
            }).ToList();
            go.SetResult();
            var done = await Task.WhenAll(uploads);
            ids.AddRange(done.Select(d => d.id));
            if (round > 0) ms.AddRange(done.Select(d => d.TotalMilliseconds));
        }
        return (ms, ids);
    }

    /// <summary>POST /api/process and GET /api/jobs/{id} over one shared HttpClient (its pool opens as many connections as are in flight).</summary>
    private sealed class Client(HttpClient http, Photo photo, string operationsJson)
    {
        public async Task<Guid> SubmitAsync()
        {
            using var form = photo.UploadForm(operationsJson);
            using var response = await http.PostAsync("/api/process", form);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"submit answered {(int)response.StatusCode}: {body}");
            return JsonDocument.Parse(body).RootElement.GetProperty("job_id").GetGuid();
        }

        public async Task<string> StatusAsync(Guid id)
        {
            using var response = await http.GetAsync($"/api/jobs/{id}");
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()!;
        }
    }
}
