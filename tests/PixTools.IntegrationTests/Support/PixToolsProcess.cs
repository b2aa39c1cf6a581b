using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PixTools.IntegrationTests.Support;

/// <summary>PixTools as a real, separate OS process on 127.0.0.1, for tests that kill it with SIGKILL.</summary>
public sealed class PixToolsProcess : IDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private PixToolsProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<PixToolsProcess> StartAsync(
        string dataDirectory, IReadOnlyDictionary<string, string>? settings = null, int? port = null, string? workingDirectory = null)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{port ?? FreePort()}");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "PixTools.dll")])
        {
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PIXTOOLS_URLS"] = baseAddress.ToString();
        start.Environment["PIXTOOLS_DATABASE__CONNECTIONSTRING"] = $"Data Source={Path.Combine(dataDirectory, "pixtools.db")}";
        start.Environment["PIXTOOLS_STORAGE__LOCAL__ROOT"] = Path.Combine(dataDirectory, "blobs");
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key] = value;

        var process = Process.Start(start)!;
        var host = new PixToolsProcess(process, baseAddress);
        process.OutputDataReceived += (_, line) => host.Remember(line.Data);
        process.ErrorDataReceived += (_, line) => host.Remember(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await host.WaitUntilLiveAsync();
        return host;
    }

    /// <summary>The process's last few hundred lines of console output, for failure messages.</summary>
    public string Output => string.Join('\n', output);

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>SIGKILL: no shutdown hooks, no flushing, exactly like a crashed machine's process.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited) Kill();
        process.Dispose();
    }

    private void Remember(string? line)
    {
        if (line is null) return;
        output.Enqueue(line);
        while (output.Count > 300) output.TryDequeue(out _);
    }

    private async Task WaitUntilLiveAsync()
    {
        using var http = CreateClient();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(180);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"PixTools exited with {process.ExitCode} before it was live:\n{Output}");
            try
            {
                using var response = await http.GetAsync("/api/livez");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("PixTools did not become live within 180 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
