using System.Diagnostics;
using System.Text.Json.Nodes;

namespace PixTools.Bench;

/// <summary>
/// The long-lived node process of bench/sharp/worker.js: one JSON job line in, one JSON answer line out, one job at
/// a time. Started once, so node's start-up is never timed.
/// </summary>
internal sealed class SharpProcess : IDisposable
{
    private readonly Process process;
    private int nextId;

    private SharpProcess(Process process, JsonNode versions)
    {
        this.process = process;
        Versions = versions;
    }

    /// <summary>sharp's and its bundled libraries' versions, as the worker reported them.</summary>
    public JsonNode Versions { get; }

    public static async Task<SharpProcess> StartAsync()
    {
        if (!File.Exists(Path.Combine(RepoPaths.Root, "bench", "sharp", "node_modules", "sharp", "package.json")))
        {
            throw new InvalidOperationException("sharp is not installed: run `npm ci` in bench/sharp (bench/run.sh does)");
        }
        var start = new ProcessStartInfo("node", [RepoPaths.SharpWorker])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            WorkingDirectory = Path.GetDirectoryName(RepoPaths.SharpWorker)!,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var ready = JsonNode.Parse(await process.StandardOutput.ReadLineAsync() ?? "null")
            ?? throw new InvalidOperationException("the sharp worker exited before it was ready");
        return new SharpProcess(process, ready["sharp"]!);
    }

    public async Task<Measurement> ConvertAsync(Photo photo, BenchOperation operation, int avifEffort, string avifTune)
    {
        var id = ++nextId;
        var job = new JsonObject
        {
            ["id"] = id,
            ["path"] = photo.Path,
            ["format"] = operation.Target.Extension,
            ["quality"] = operation.Quality,
            ["width"] = operation.ResizeWidth,
            ["effort"] = avifEffort,
            ["tune"] = avifTune,
        };
        await process.StandardInput.WriteLineAsync(job.ToJsonString());
        await process.StandardInput.FlushAsync();
        var line = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("the sharp worker exited");
        var answer = JsonNode.Parse(line) ?? throw new InvalidOperationException($"sharp worker answered '{line}'");
        if (answer["error"] is { } error) throw new InvalidOperationException($"sharp failed on {photo.Name} {operation.Name}: {error}");
        if ((int)answer["id"]! != id) throw new InvalidOperationException($"sharp worker answered job {answer["id"]}, expected {id}");
        return new Measurement((double)answer["ms"]!, (double)answer["cpuMs"]!, (long)answer["bytes"]!,
            (int)answer["width"]!, (int)answer["height"]!);
    }

    public void Dispose()
    {
        process.StandardInput.Close();
        if (!process.WaitForExit(5000)) process.Kill();
        process.Dispose();
    }
}
