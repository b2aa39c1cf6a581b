using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PixTools.Bench;

/// <summary>
/// One PixTools process of any role, from the Release build (<c>dotnet PixTools.dll</c>), on a free 127.0.0.1 port,
/// configured only by the environment variables given (PIXTOOLS_ROLE, database, queue, storage, …). Used by
/// <c>throughput</c>, which starts an api and workers apart. Keeps the last lines of its output for error messages.
/// </summary>
internal sealed class RoleProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private RoleProcess(Process process, string name, Uri baseAddress)
    {
        this.process = process;
        Name = name;
        BaseAddress = baseAddress;
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    public Uri BaseAddress { get; }

    public int Pid => process.Id;

    /// <summary>The last 200 lines the process wrote.</summary>
    public string Output => string.Join('\n', output);

    /// <summary>Starts the server from <paramref name="dll"/> and waits until /api/readyz answers 200 (database and queue reachable).</summary>
    public static async Task<RoleProcess> StartAsync(string name, string dll, IReadOnlyDictionary<string, string> environment)
    {
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} not found: dotnet build -c Release bench/PixTools.Bench builds it");
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PIXTOOLS_URLS"] = baseAddress.ToString();
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var role = new RoleProcess(process, name, baseAddress);
        try
        {
            await role.WaitUntilReadyAsync();
        }
        catch
        {
            await role.DisposeAsync();
            throw;
        }
        return role;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(600))
        {
            if (process.HasExited) throw new InvalidOperationException($"{Name} exited with {process.ExitCode} while starting:\n{Output}");
            try
            {
                using var response = await http.GetAsync("/api/readyz");
                if (response.IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{Name} did not answer /api/readyz with 200 within 600 s:\n{Output}");
    }

    private void Remember(string? line)
    {
        if (line is null) return;
        output.Enqueue(line);
        while (output.Count > 200) output.TryDequeue(out _);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
