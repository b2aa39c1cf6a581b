using System.Diagnostics;
using PixTools.Operations;

namespace PixTools.Bench;

/// <summary>
/// <c>pipeline</c>: what a job costs beyond its operation. N single-operation jobs (default coffee.png → webp),
/// one at a time, each timed from just before POST /api/process to the poll that answers COMPLETED; minus the
/// median time of the same ConvertOperation on the same input in this process = the pipeline overhead.
/// </summary>
internal static class PipelineCommand
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var jobs = args.Int("jobs", 200);
        var poll = TimeSpan.FromMilliseconds(args.Int("poll-ms", 2));
        var photo = Photo.Load(args.String("photo") ?? Path.Combine(RepoPaths.Photos, "coffee.png")) ?? throw new InvalidOperationException("not an image");
        var target = photo.Format == ImageFormats.Webp ? ImageFormats.Jpeg : ImageFormats.Webp;
        var operation = new BenchOperation($"{target.Extension} (default quality)", target, null, null);
        var operationsJson = $"[\"{target.Operation}\"]";

        var inProcess = new PixToolsEngine(PixToolsEngine.ConfiguredOptions());
        var operationMs = new List<double>();
        await TimeInProcessAsync(inProcess, photo, operation, operationMs);

        await using var server = await ServerProcess.StartAsync(args);
        for (var i = 0; i < 10; i++) await server.WaitForEndAsync(await server.SubmitAsync(photo, operationsJson), poll, TimeSpan.FromMinutes(1));

        var endToEnd = new List<double>();
        var ids = new List<Guid>();
        for (var i = 0; i < jobs; i++)
        {
            var clock = Stopwatch.StartNew();
            var id = await server.SubmitAsync(photo, operationsJson);
            var status = await server.WaitForEndAsync(id, poll, TimeSpan.FromMinutes(1));
            endToEnd.Add(clock.Elapsed.TotalMilliseconds);
            if (status != "COMPLETED") throw new InvalidOperationException($"job {id} ended {status}");
            ids.Add(id);
        }
        await TimeInProcessAsync(inProcess, photo, operation, operationMs);

        var medianOperation = Stats.Median(operationMs);
        var overhead = endToEnd.Select(t => t - medianOperation).ToList();
        var logged = ids.Select(id => server.LoggedOperationMs(id)).ToList();
        var loggedOverhead = endToEnd.Zip(logged).Where(p => p.Second is not null).Select(p => p.First - p.Second!.Value).ToList();

        Console.WriteLine($"pipeline: {MachineInfo.Describe()}");
        Console.WriteLine($"{jobs} jobs of {photo.Name} ({photo.Width}x{photo.Height}) -> {operationsJson}, one at a time, after 10 warm-up jobs; " +
            $"polled every {poll.TotalMilliseconds:F0} ms (adds up to that much plus one GET to each time)");
        Console.WriteLine();
        Console.WriteLine("| measure | median ms | p95 ms |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| submit → COMPLETED (end to end) | {Stats.Median(endToEnd):F1} | {Stats.Percentile(endToEnd, 95):F1} |");
        Console.WriteLine($"| ConvertOperation in-process, same input ({operationMs.Count} runs) | {medianOperation:F1} | {Stats.Percentile(operationMs, 95):F1} |");
        Console.WriteLine($"| **overhead** = end to end − in-process median | **{Stats.Median(overhead):F1}** | **{Stats.Percentile(overhead, 95):F1}** |");
        Console.WriteLine($"| overhead by the worker's own log (end to end − logged operation ms, {loggedOverhead.Count} jobs) | {Stats.Median(loggedOverhead):F1} | {Stats.Percentile(loggedOverhead, 95):F1} |");
        Console.WriteLine($"| worker-logged operation time | {Stats.Median(logged.Where(l => l is not null).Select(l => (double)l!.Value)):F0} | |");
        Console.WriteLine();
        Console.WriteLine($"load average at the end: {MachineInfo.LoadAverage()}");
        return 0;
    }

    private static async Task TimeInProcessAsync(PixToolsEngine engine, Photo photo, BenchOperation operation, List<double> into)
    {
        await engine.ConvertAsync(photo, operation);
        for (var i = 0; i < 20; i++) into.Add((await engine.ConvertAsync(photo, operation)).WallMs);
    }
}
