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
/// Wall time on a shared machine moves with its load, so CPU time is printed too: the server's (all its threads,
/// from /proc) and the CLI process's own, whose ratio is the client's cost whatever else the machine runs.
/// `--ways server,cli,curl` picks the ways to run.
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
            var ways = (args.String("ways") ?? "server,cli,curl").Split(',');
            var scenarios = new (string Key, string Way, Func<ServerProcess, int, Task<double?>> Run)[]
            {
                ("server", "server alone", (server, _) => ServerAlone(server, input, format, concurrency)),
                ("cli", "pixtools process", (server, round) => Cli(server, cliDll, input, Path.Combine(work, $"out-cli-{round}"), format, concurrency)),
                ("curl", "curl loop (sequential)", (server, round) => CurlLoop(server, input, Path.Combine(work, $"out-curl-{round}"), format)),
            };
            var results = scenarios.Where(s => ways.Contains(s.Key)).ToDictionary(s => s.Way, _ => new List<Measured>());
            for (var round = 1; round <= rounds; round++)
            {
                foreach (var scenario in scenarios.Where(s => ways.Contains(s.Key)))
                {
                    var r = round;
                    results[scenario.Way].Add(await Timed(args, server => scenario.Run(server, r)));
                }
                Console.Error.WriteLine($"round {round}: {string.Join(", ", results.Select(t => $"{t.Key} {t.Value[^1]}"))}");
            }
            var baseline = results.TryGetValue("server alone", out var alone) ? Stats.Median(alone.Select(m => m.Wall)) : (double?)null;
            Console.WriteLine();
            Console.WriteLine("| way | wall time (median; each round) | photos/s | vs server alone | server CPU | client CPU | client CPU / server CPU |");
            Console.WriteLine("|---|---|---|---|---|---|---|");
            foreach (var (way, measured) in results)
            {
                var median = Stats.Median(measured.Select(m => m.Wall));
                var serverCpu = Stats.Median(measured.Select(m => m.ServerCpu));
                var clientCpu = measured.All(m => m.ClientCpu is not null) ? Stats.Median(measured.Select(m => m.ClientCpu!.Value)) : (double?)null;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {way} | {median:0.0} s ({string.Join(", ", measured.Select(m => m.Wall.ToString("0.0", CultureInfo.InvariantCulture)))}) | {count / median:0.00} | {(baseline is { } b ? $"{(median - b) / b * 100:+0.0;-0.0} %" : "")} | {serverCpu:0.0} s | {(clientCpu is { } c ? $"{c:0.0} s" : "")} | {(clientCpu is { } c2 ? $"{c2 / serverCpu * 100:0.0} %" : "")} |"));
            }
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Wall seconds, the server's CPU seconds, and the client process's own CPU seconds where it is one process.</summary>
    private sealed record Measured(double Wall, double ServerCpu, double? ClientCpu)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Wall:0.0} s (server CPU {ServerCpu:0.0} s{(ClientCpu is { } c ? $", client CPU {c:0.0} s" : "")})");
    }

    /// <summary>A fresh server, warmed with one job, then the scenario timed.</summary>
    private static async Task<Measured> Timed(BenchArgs args, Func<ServerProcess, Task<double?>> scenario)
    {
        await using var server = await ServerProcess.StartAsync(args);
        var warmPhoto = Photo.Load(Directory.EnumerateFiles(CliPhotos.SourceFolder(args), "*.jpg").Order(StringComparer.Ordinal).First())!;
        await server.WaitForEndAsync(await server.SubmitAsync(warmPhoto, """["webp"]"""), TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(2));
        using var serverProcess = Process.GetProcessById(server.Pid);
        var cpuBefore = serverProcess.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var clientCpu = await scenario(server);
        var wall = clock.Elapsed.TotalSeconds;
        serverProcess.Refresh();
        return new Measured(wall, (serverProcess.TotalProcessorTime - cpuBefore).TotalSeconds, clientCpu);
    }

    /// <summary>
    /// Every file submitted (<paramref name="concurrency"/> uploads at a time), then the jobs awaited in the order they
    /// were submitted (the order the workers take them): one GET at a time, 100 ms apart while the oldest is
    /// unfinished, so the watching costs the server about as little as the CLI's polling does.
    /// </summary>
    private static async Task<double?> ServerAlone(ServerProcess server, string input, string format, int concurrency)
    {
        var photos = Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var jobs = new (Guid Id, DateTime At)[photos.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, photos.Count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) =>
            jobs[i] = (await server.SubmitAsync(Photo.Load(photos[i])!, $"""["{format}"]"""), DateTime.UtcNow));
        foreach (var (job, _) in jobs.OrderBy(j => j.At))
        {
            var status = await server.WaitForEndAsync(job, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(30));
            if (status is "FAILED") throw new InvalidOperationException($"job {job} failed");
        }
        return null;
    }

    private static async Task<double?> Cli(ServerProcess server, string cliDll, string input, string output, string format, int concurrency)
    {
        var (exit, stdout, stderr, cpu) = await Run("dotnet", [cliDll, "process", input, "--to", format, "--recursive", "--out", output,
            "--concurrency", concurrency.ToString(CultureInfo.InvariantCulture), "--server", server.Http.BaseAddress!.ToString(), "--json"]);
        if (exit != 0) throw new InvalidOperationException($"pixtools exited {exit}:\n{stdout}\n{stderr}");
        return cpu;
    }

    private static async Task<double?> CurlLoop(ServerProcess server, string input, string output, string format)
    {
        var (exit, stdout, stderr, _) = await Run("bash", [Path.Combine(RepoPaths.Root, "bench", "curl-loop.sh"), server.Http.BaseAddress!.ToString(), input, output, format]);
        if (exit != 0) throw new InvalidOperationException($"curl-loop.sh exited {exit}:\n{stdout}\n{stderr}");
        return null; // bash's own CPU time leaves out its curl children
    }

    /// <summary>Runs a program to its end: exit code, output, and its own CPU seconds (user + system).</summary>
    private static async Task<(int Exit, string Stdout, string Stderr, double Cpu)> Run(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // Sampled while it runs (a reaped process's times are gone): at most the last 100 ms are missed.
        var cpu = 0.0;
        while (!process.WaitForExit(100)) cpu = CpuSeconds(process.Id) ?? cpu;
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr, cpu);
    }

    /// <summary>utime + stime of /proc/PID/stat (fields 14 and 15, in clock ticks of 1/100 s), or null once it is gone.</summary>
    private static double? CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
