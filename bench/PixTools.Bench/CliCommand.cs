using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace PixTools.Bench;

/// <summary>
/// `cli`: a folder of photos (<see cref="CliPhotos"/>) converted three ways, each against a fresh server
/// (<see cref="ServerProcess"/>, embedded profile): the server's workers alone (every file submitted at once by
/// this process, timed until every job is terminal, nothing downloaded), `pixtools process` (the CLI as a
/// separate process: scan, hash, submit, poll, download, state file), and a sequential curl loop
/// (bench/curl-loop.sh). Rounds alternate the three so that a busy machine slows them alike; medians are printed.
/// </summary>
internal static class CliCommand
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var files = args.Int("files", 200);
        var rounds = args.Int("rounds", 1);
        var format = args.String("format") ?? "webp";
        var concurrency = args.Int("concurrency", 8);
        var cliDll = args.String("cli-dll") ?? Path.Combine(RepoPaths.Root, "src", "PixTools.Cli", "bin", "Release", "net10.0", "PixTools.Cli.dll");
        if (!File.Exists(cliDll)) throw new InvalidOperationException($"{cliDll} not found: dotnet build -c Release src/PixTools.Cli builds it");
        var work = Directory.CreateTempSubdirectory("pixtools-bench-cli-").FullName;
        try
        {
            var input = Path.Combine(work, "in");
            var (bytes, count) = CliPhotos.Make(CliPhotos.SourceFolder(args), input, files);
            Console.WriteLine($"# CLI bench: {count} photos ({bytes / 1048576.0:0.0} MiB, long side 480-2400 px, JPEG and PNG) to {format}, {rounds} round(s), {MachineInfo.Describe()}");
            var times = new Dictionary<string, List<double>> { ["server alone"] = [], ["pixtools process"] = [], ["curl loop (sequential)"] = [] };
            for (var round = 1; round <= rounds; round++)
            {
                times["server alone"].Add(await Timed(args, server => ServerAlone(server, input, format, concurrency)));
                times["pixtools process"].Add(await Timed(args, server => Cli(server, cliDll, input, Path.Combine(work, $"out-cli-{round}"), format, concurrency)));
                times["curl loop (sequential)"].Add(await Timed(args, server => CurlLoop(server, input, Path.Combine(work, $"out-curl-{round}"), format)));
                Console.Error.WriteLine($"round {round}: {string.Join(", ", times.Select(t => $"{t.Key} {t.Value[^1]:0.0} s"))}");
            }
            var baseline = Stats.Median(times["server alone"]);
            Console.WriteLine();
            Console.WriteLine("| way | wall time (median) | photos/s | vs server alone |");
            Console.WriteLine("|---|---|---|---|");
            foreach (var (way, seconds) in times)
            {
                var median = Stats.Median(seconds);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {way} | {median:0.0} s ({string.Join(", ", seconds.Select(s => s.ToString("0.0", CultureInfo.InvariantCulture)))}) | {count / median:0.0} | {(median - baseline) / baseline * 100:+0.0;-0.0} % |"));
            }
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>A fresh server, warmed with one job, then the scenario timed.</summary>
    private static async Task<double> Timed(BenchArgs args, Func<ServerProcess, Task> scenario)
    {
        await using var server = await ServerProcess.StartAsync(args);
        var warmPhoto = Photo.Load(Directory.EnumerateFiles(CliPhotos.SourceFolder(args), "*.jpg").Order(StringComparer.Ordinal).First())!;
        await server.WaitForEndAsync(await server.SubmitAsync(warmPhoto, """["webp"]"""), TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(2));
        var clock = Stopwatch.StartNew();
        await scenario(server);
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Every file submitted (<paramref name="concurrency"/> uploads at a time), then one poller sweeping the unfinished jobs until none is left.</summary>
    private static async Task ServerAlone(ServerProcess server, string input, string format, int concurrency)
    {
        var photos = Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var jobs = new Guid[photos.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, photos.Count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) =>
            jobs[i] = await server.SubmitAsync(Photo.Load(photos[i])!, $"""["{format}"]"""));
        var pending = new HashSet<Guid>(jobs);
        while (pending.Count > 0)
        {
            foreach (var job in pending.ToList())
            {
                var body = await server.Http.GetFromJsonAsync<JsonElement>($"/api/jobs/{job}");
                var status = body.GetProperty("status").GetString();
                if (status is "FAILED") throw new InvalidOperationException($"job {job} failed: {body}");
                if (status is not ("PENDING" or "PROCESSING")) pending.Remove(job);
            }
            if (pending.Count > 0) await Task.Delay(50);
        }
    }

    private static async Task Cli(ServerProcess server, string cliDll, string input, string output, string format, int concurrency)
    {
        var (exit, stdout, stderr) = await Run("dotnet", [cliDll, "process", input, "--to", format, "--recursive", "--out", output,
            "--concurrency", concurrency.ToString(CultureInfo.InvariantCulture), "--server", server.Http.BaseAddress!.ToString(), "--json"]);
        if (exit != 0) throw new InvalidOperationException($"pixtools exited {exit}:\n{stdout}\n{stderr}");
    }

    private static async Task CurlLoop(ServerProcess server, string input, string output, string format)
    {
        var (exit, stdout, stderr) = await Run("bash", [Path.Combine(RepoPaths.Root, "bench", "curl-loop.sh"), server.Http.BaseAddress!.ToString(), input, output, format]);
        if (exit != 0) throw new InvalidOperationException($"curl-loop.sh exited {exit}:\n{stdout}\n{stderr}");
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> Run(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }
}
