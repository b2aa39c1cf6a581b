using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PixTools.Testing;

/// <summary>
/// PixTools as a real, separate OS process: <c>dotnet PixTools.dll</c> on a free (or given) 127.0.0.1 port, configured
/// only by the environment variables given, waited for until a probe answers 200. Keeps its last lines of output
/// for failure messages. The one launcher of the integration tests (crash and distributed tests) and the bench.
/// </summary>
public sealed class PixToolsLauncher : IDisposable, IAsyncDisposable
{
    private const int KeptLines = 300;
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private readonly Action<string>? onLine;

    private PixToolsLauncher(Process process, string name, Uri baseAddress, Action<string>? onLine)
    {
        this.process = process;
        this.onLine = onLine;
        Name = name;
        BaseAddress = baseAddress;
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>What the process is called in messages (its role).</summary>
    public string Name { get; }

    public Uri BaseAddress { get; }

    public int Pid => process.Id;

    /// <summary>The process's last few hundred lines of console output.</summary>
    public string Output => string.Join('\n', output);

    /// <summary>
    /// Starts <paramref name="dll"/> (in <paramref name="workingDirectory"/>, by default the program's own folder) with <c>PIXTOOLS_URLS</c> set and
    /// <paramref name="environment"/> on top, and waits until <paramref name="probe"/> answers 200 within <paramref name="timeout"/>.
    /// <paramref name="onLine"/>, when given, sees every line of the process's output as it comes (the bench reads its log).
    /// </summary>
    public static async Task<PixToolsLauncher> StartAsync(
        string name, string dll, IReadOnlyDictionary<string, string> environment, string probe, TimeSpan timeout, int? port = null,
        string? workingDirectory = null, Action<string>? onLine = null)
    {
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} not found: build the solution with -c Release first");
        // A free port is free when it is picked, not when the server binds it: another test assembly's server started at
        // the same moment can take it first. Ours then fails to bind and exits, and is started again on another port.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(name, dll, environment, probe, timeout, port ?? FreePort(), workingDirectory, onLine);
            }
            catch (PortTakenException) when (port is null && attempt < 5)
            {
            }
        }
    }

    private sealed class PortTakenException(string message) : Exception(message);

    private static async Task<PixToolsLauncher> StartOnceAsync(
        string name, string dll, IReadOnlyDictionary<string, string> environment, string probe, TimeSpan timeout, int port,
        string? workingDirectory, Action<string>? onLine)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PIXTOOLS_URLS"] = baseAddress.ToString();
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var launched = new PixToolsLauncher(process, name, baseAddress, onLine);
        try
        {
            await launched.WaitUntilAnsweringAsync(probe, timeout);
        }
        catch
        {
            launched.Dispose();
            throw;
        }
        return launched;
    }

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

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>A port nothing listens on now, for a server to take.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitUntilAnsweringAsync(string probe, TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (process.HasExited)
            {
                var message = $"{Name} exited with {process.ExitCode} while starting:\n{Output}";
                throw Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase) ? new PortTakenException(message) : new InvalidOperationException(message);
            }
            try
            {
                // The answer counts only when this process is the one listening: another server may hold the port.
                using var response = await http.GetAsync(probe);
                if (response.IsSuccessStatusCode && ListensOnItsPort() && !process.HasExited) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{Name} did not answer {probe} with 200 within {timeout.TotalSeconds:F0} s:\n{Output}");
    }

    /// <summary>
    /// Whether this process holds a listening socket on its port: a LISTEN entry for the port in /proc/net/tcp or tcp6
    /// whose inode is one of the process's file descriptors. False once it has exited; true where /proc cannot say (not Linux).
    /// </summary>
    private bool ListensOnItsPort()
    {
        if (!OperatingSystem.IsLinux()) return true;
        try
        {
            var port = $":{BaseAddress.Port:X4}";
            var listening = new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists).SelectMany(File.ReadLines).Skip(1)
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(fields => fields.Length > 9 && fields[1].EndsWith(port, StringComparison.Ordinal) && fields[3] == "0A")
                .Select(fields => $"socket:[{fields[9]}]").ToHashSet();
            return Directory.EnumerateFiles($"/proc/{process.Id}/fd").Any(fd => new FileInfo(fd).LinkTarget is { } target && listening.Contains(target));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Its /proc folder is gone when it has exited (it could not bind, say); otherwise /proc cannot say.
            return !process.HasExited;
        }
    }

    private void Remember(string? line)
    {
        if (line is null) return;
        onLine?.Invoke(line);
        output.Enqueue(line);
        while (output.Count > KeptLines) output.TryDequeue(out _);
    }
}
