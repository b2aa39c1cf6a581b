using System.Diagnostics;
using System.Text.Json;

namespace PixTools.CliTests.Support;

/// <summary>The `pixtools` program as a user runs it: a separate process (stdout redirected, so no live bar), its exit code and output.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "PixTools.Cli.dll");

    public JsonElement Json => JsonDocument.Parse(Stdout).RootElement;

    public static async Task<CliRun> RunAsync(string workingDirectory, params string[] args)
    {
        using var process = Start(workingDirectory, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"pixtools {string.Join(' ', args)} did not end within 3 minutes:\n{await stdout}\n{await stderr}");
        }
        return new CliRun(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts pixtools without waiting (watch); the caller reads its streams and stops it.</summary>
    public static Process Start(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Dll, .. args])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The tests name the server with --server; a developer's own settings must not leak in.
        start.Environment.Remove("PIXTOOLS_URL");
        start.Environment.Remove("PIXTOOLS_API_KEY");
        return Process.Start(start)!;
    }

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
