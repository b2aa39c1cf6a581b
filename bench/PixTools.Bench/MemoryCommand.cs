using System.Globalization;

namespace PixTools.Bench;

/// <summary>
/// <c>memory</c>: a worker's resident memory over many jobs. N jobs (default 2000, coffee.png → webp + jpg; <c>--ops</c>
/// picks others, e.g. <c>avif</c>) through the child PixTools, a few in flight at once, sampling VmRSS at job 1, 100 and
/// every 250.
/// </summary>
internal static class MemoryCommand
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var jobs = args.Int("jobs", 2000);
        var every = args.Int("every", 250);
        var inFlight = args.Int("in-flight", 2);
        var photo = Photo.Load(args.String("photo") ?? Path.Combine(RepoPaths.Photos, "coffee.png")) ?? throw new InvalidOperationException("not an image");
        var operations = (args.String("ops") ?? "webp,jpg").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var operationsJson = System.Text.Json.JsonSerializer.Serialize(operations);
        var samplePoints = new SortedSet<int> { 1, Math.Min(100, jobs), jobs };
        for (var n = every; n < jobs; n += every) samplePoints.Add(n);

        await using var server = await ServerProcess.StartAsync(args);
        var samples = new SortedDictionary<int, long> { [0] = server.RssKib() };
        var started = 0;
        var done = 0;
        var gate = new object();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        async Task SubmitLoopAsync()
        {
            while (Interlocked.Increment(ref started) <= jobs)
            {
                var id = await server.SubmitAsync(photo, operationsJson);
                var status = await server.WaitForEndAsync(id, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(2));
                if (status != "COMPLETED") throw new InvalidOperationException($"job {id} ended {status}");
                var finished = Interlocked.Increment(ref done);
                if (samplePoints.Contains(finished))
                {
                    var rss = server.RssKib();
                    lock (gate) samples[finished] = rss;
                    Console.Error.WriteLine($"  job {finished}: {rss / 1024.0:F1} MiB after {clock.Elapsed.TotalSeconds:F0} s");
                }
            }
        }
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(_ => SubmitLoopAsync()));

        Console.WriteLine($"memory: {MachineInfo.Describe()}");
        Console.WriteLine($"{jobs} jobs of {photo.Name} -> {operationsJson}, {inFlight} in flight, in {clock.Elapsed.TotalSeconds:F0} s; RSS = VmRSS of the PixTools process");
        Console.WriteLine();
        Console.WriteLine("| after job | RSS MiB |");
        Console.WriteLine("|---:|---:|");
        foreach (var (job, kib) in samples) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {job} | {kib / 1024.0:F1} |"));
        var first = samples[Math.Min(100, jobs)];
        var last = samples[jobs];
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RSS change from job {Math.Min(100, jobs)} to job {jobs}: {(last - first) / 1024.0:+0.0;-0.0} MiB ({(double)(last - first) / first:+0.0%;-0.0%}); target: within ±10 %"));
        return 0;
    }
}
