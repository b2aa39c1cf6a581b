using System.Diagnostics;
using PixTools.Cli.Files;
using PixTools.CliTests.Support;

namespace PixTools.CliTests;

/// <summary>`pixtools watch`: files are sent once they stop growing, and Ctrl-C ends it with the summary.</summary>
public sealed class WatchCommandTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Watch_ProcessesAFileOnlyOnceItStopsGrowing_AndCtrlCEndsWithTheSummary()
    {
        using var tree = new TempTree();
        using var watch = CliRun.Start(tree.Root, "watch", tree.In, "--to", "webp", "-r", "--settle", "1", "--out", tree.Out, "--server", fixture.Url, "--json");
        var stdout = watch.StandardOutput.ReadToEndAsync();
        var stderr = watch.StandardError.ReadToEndAsync();
        try
        {
            await Task.Delay(1500); // the watcher is up

            // Written in two halves 600 ms apart (less than --settle): half a photo must never be sent.
            var photo = TestPhotos.Read("rocket-orient6.jpg");
            var target = Path.Combine(tree.In, "incoming", "r.jpg");
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await using (var file = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.Read))
            {
                await file.WriteAsync(photo.AsMemory(0, photo.Length / 2));
                await file.FlushAsync();
                await Task.Delay(600);
                await file.WriteAsync(photo.AsMemory(photo.Length / 2));
            }

            var output = Path.Combine(tree.Out, "incoming", "r.webp");
            var deadline = Stopwatch.StartNew();
            while (!File.Exists(output) && deadline.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(100);
            if (!File.Exists(output)) Assert.Fail(await Stop(watch, stdout, stderr)); // stops the watcher only when it failed
            Assert.Equal("webp", ImageSniffer.Sniff(File.ReadAllBytes(output)));
        }
        finally
        {
            if (!watch.HasExited) Interrupt(watch);
        }

        await watch.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var summary = System.Text.Json.JsonDocument.Parse(await stdout).RootElement;
        Assert.True(watch.ExitCode == 0, await stderr);
        Assert.Equal(1, summary.GetProperty("processed").GetInt32());
        Assert.Equal(0, summary.GetProperty("failed").GetInt32());
    }

    /// <summary>
    /// SIGINT, as Ctrl-C sends it; SIGTERM (which the CLI handles the same way) where this test runs with SIGINT ignored,
    /// as under a shell's background job or nohup: the watcher inherits that and could not see the signal.
    /// </summary>
    private static void Interrupt(Process process)
    {
        var signal = SigIntIgnoredHere() ? "-TERM" : "-INT";
        using var kill = Process.Start("kill", [signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    private static bool SigIntIgnoredHere()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & 0b10) != 0; // bit 1 = SIGINT (2)
    }

    private static async Task<string> Stop(Process process, Task<string> stdout, Task<string> stderr)
    {
        Interrupt(process);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return $"no result appeared:\n{await stdout}\n{await stderr}";
    }
}
