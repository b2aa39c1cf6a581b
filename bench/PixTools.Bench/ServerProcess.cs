using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using PixTools.Testing;

namespace PixTools.Bench;

/// <summary>
/// PixTools as deployed: the Release build run by <c>dotnet PixTools.dll</c> (role all: API, in-process queue and
/// worker), started by <see cref="PixToolsLauncher"/> on a free 127.0.0.1 port, with its SQLite file and blobs in a
/// temporary folder removed afterwards.
/// Its log is read for the worker's own "operation … succeeded in N ms" lines.
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly PixToolsLauncher launcher;
    private readonly string folder;
    private readonly ConcurrentDictionary<Guid, long> operationMs;

    private ServerProcess(PixToolsLauncher launcher, string folder, ConcurrentDictionary<Guid, long> operationMs)
    {
        this.launcher = launcher;
        this.folder = folder;
        this.operationMs = operationMs;
        Http = new HttpClient { BaseAddress = launcher.BaseAddress };
    }

    public HttpClient Http { get; }

    public int Pid => launcher.Pid;

    /// <summary>Starts the server from <c>--server-dll</c> (default the Release build), its data under <c>--data-root</c> (default the temp folder).</summary>
    public static async Task<ServerProcess> StartAsync(BenchArgs args)
    {
        var dll = args.String("server-dll") ?? RepoPaths.ServerDll;
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} not found: dotnet build -c Release bench/PixTools.Bench builds it");
        var dataRoot = args.String("data-root") ?? Path.GetTempPath();
        var folder = Directory.CreateDirectory(Path.Combine(dataRoot, $"pixtools-bench-server-{Guid.NewGuid():N}")).FullName;
        var environment = new Dictionary<string, string>
        {
            ["PIXTOOLS_DATABASE__CONNECTIONSTRING"] = $"Data Source={Path.Combine(folder, "pixtools.db")}",
            ["PIXTOOLS_STORAGE__LOCAL__ROOT"] = Path.Combine(folder, "blobs"),
            // One client measuring the server's throughput, not the per-client rate limit (bench load covers that).
            ["PIXTOOLS_RATELIMITS__SUBMITBURST"] = "0",
            ["PIXTOOLS_RATELIMITS__DOWNLOADBURST"] = "0",
        };
        var operationMs = new ConcurrentDictionary<Guid, long>();
        var launcher = await PixToolsLauncher.StartAsync(
            "PixTools", dll, environment, "/api/livez", TimeSpan.FromSeconds(60), onLine: line => ReadLog(operationMs, line));
        return new ServerProcess(launcher, folder, operationMs);
    }

    /// <summary>The worker's logged time inside the operations of <paramref name="jobId"/> so far, in whole ms.</summary>
    public long? LoggedOperationMs(Guid jobId) => operationMs.TryGetValue(jobId, out var ms) ? ms : null;

    /// <summary>The child's resident set size (VmRSS of /proc/PID/status), in KiB.</summary>
    public long RssKib()
    {
        var line = File.ReadLines($"/proc/{Pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    /// <summary>POST /api/process with one file; returns the job id.</summary>
    public async Task<Guid> SubmitAsync(Photo photo, string operationsJson)
    {
        using var form = photo.UploadForm(operationsJson);
        using var response = await Http.PostAsync("/api/process", form);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"submit answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("job_id").GetGuid();
    }

    /// <summary>Polls GET /api/jobs/{id} every <paramref name="interval"/> until a terminal status, which it returns.</summary>
    public async Task<string> WaitForEndAsync(Guid jobId, TimeSpan interval, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await Http.GetAsync($"/api/jobs/{jobId}");
            var status = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()!;
            if (status is not ("PENDING" or "PROCESSING")) return status;
            if (clock.Elapsed > deadline) throw new TimeoutException($"job {jobId} still {status} after {deadline}");
            await Task.Delay(interval);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await launcher.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    private static void ReadLog(ConcurrentDictionary<Guid, long> operationMs, string line)
    {
        var match = OperationSucceeded().Match(line);
        if (match.Success)
        {
            var ms = long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            operationMs.AddOrUpdate(Guid.Parse(match.Groups[1].Value), ms, (_, sum) => sum + ms);
        }
    }

    [GeneratedRegex(@"Job ([0-9a-f-]{36}) operation \w+ succeeded in (\d+) ms")]
    private static partial Regex OperationSucceeded();
}
