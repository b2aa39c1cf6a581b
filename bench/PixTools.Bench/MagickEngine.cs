using System.Diagnostics;
using System.Globalization;
using PixTools.Operations;

namespace PixTools.Bench;

/// <summary>
/// Debian's ImageMagick 6 (<c>/usr/bin/convert</c>; /usr/local/bin/convert on the dev machines is a stand-in), one
/// process per conversion, file in and file out. Its time includes process start-up and file I/O; the median
/// start-up of <c>convert -version</c>, measured once, is subtracted from every time so what remains is
/// comparable with the in-process engines (the table says so).
/// </summary>
internal sealed class MagickEngine : IEngine, IDisposable
{
    private readonly string executable;
    private readonly IReadOnlyList<string> prefix;
    private readonly string folder = Directory.CreateTempSubdirectory("pixtools-bench-magick-").FullName;

    private MagickEngine(string executable, IReadOnlyList<string> prefix, double startupMs, string version)
    {
        this.executable = executable;
        this.prefix = prefix;
        StartupMs = startupMs;
        Version = version;
    }

    /// <summary>Median wall time of <c>convert -version</c>: process start-up, subtracted from every conversion.</summary>
    public double StartupMs { get; }

    public string Version { get; }

    /// <summary>
    /// Finds ImageMagick and measures its start-up. <paramref name="cpus"/> (a taskset list such as <c>0</c>) pins
    /// every conversion to those cores: <c>-limit thread 1</c> does not reach libheif, whose AV1 encoder runs
    /// several threads of its own, so pinning is the only way to hold ImageMagick to one core.
    /// </summary>
    public static async Task<MagickEngine> StartAsync(string? configured, string? cpus = null)
    {
        var magick = configured ?? new[] { "/usr/bin/magick", "/usr/bin/convert" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("ImageMagick not found at /usr/bin/magick or /usr/bin/convert: apt-get install -y imagemagick (bench/run.sh does)");
        var (executable, prefix) = cpus is null ? (magick, Array.Empty<string>()) : ("/usr/bin/taskset", new[] { "-c", cpus, magick });
        var version = (await RunAsync(executable, [.. prefix, "-version"])).Output.Split('\n')[0].Trim();
        var startups = new List<double>();
        for (var i = 0; i < 15; i++) startups.Add((await RunAsync(executable, [.. prefix, "-version"])).WallMs);
        return new MagickEngine(executable, prefix, Stats.Median(startups), version);
    }

    public string Label(BenchOperation operation) => operation.Target == ImageFormats.Avif
        ? "ImageMagick (default speed)"
        : "ImageMagick";

    public async Task<Measurement> ConvertAsync(Photo photo, BenchOperation operation)
    {
        var output = OutputPath(operation);
        File.Delete(output);
        var arguments = new List<string>(prefix) { "-limit", "thread", "1", photo.Path, "-auto-orient" };
        if (operation.ResizeWidth is { } width) arguments.AddRange(["-resize", $"{width}x"]);
        arguments.Add("-strip");
        arguments.AddRange(EncoderArguments(operation));
        arguments.Add($"{operation.Target.Extension}:{output}");

        var cpuBefore = ChildCpuMs();
        var run = await RunAsync(executable, arguments);
        if (run.ExitCode != 0) throw new InvalidOperationException($"{executable} failed on {photo.Name} {operation.Name}: {run.Output}");
        var cpu = ChildCpuMs() - cpuBefore;
        var (outWidth, outHeight) = Dimensions(output);
        return new Measurement(Math.Max(0, run.WallMs - StartupMs), cpu, new FileInfo(output).Length, outWidth, outHeight);
    }

    // The same encoder settings as PixTools' VipsEncoder: progressive JPEG with optimised Huffman tables, PNG at
    // zlib level 6 without filters (quality 60 = level 6, filter 0), WebP and AVIF at the operation's quality.
    /// <summary>Where the last conversion to <paramref name="operation"/>'s format was written; it stays until the next one.</summary>
    public string OutputPath(BenchOperation operation) => Path.Combine(folder, $"out.{operation.Target.Extension}");

    private static IEnumerable<string> EncoderArguments(BenchOperation operation) => operation.Target.Operation switch
    {
        OperationNames.Jpg => ["-quality", Quality(operation), "-interlace", "Plane", "-define", "jpeg:optimize-coding=true"],
        OperationNames.Png => ["-quality", "60"],
        _ => ["-quality", Quality(operation)],
    };

    private static string Quality(BenchOperation operation) =>
        (operation.Quality ?? throw new InvalidOperationException($"{operation.Name} has no quality")).ToString(CultureInfo.InvariantCulture);

    private static (int Width, int Height) Dimensions(string path)
    {
        using var image = NetVips.Image.NewFromFile(path, access: NetVips.Enums.Access.Sequential);
        return (image.Width, image.Height);
    }

    /// <summary>User + system time of this process's reaped children (/proc/self/stat fields 16 and 17, in 1/100 s).</summary>
    private static double ChildCpuMs()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state), so field 16 (cutime) is fields[13] and field 17 (cstime) is fields[14].
        return (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) * 10.0;
    }

    private static async Task<(int ExitCode, double WallMs, string Output)> RunAsync(string executable, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(executable, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var wall = clock.Elapsed.TotalMilliseconds;
        return (process.ExitCode, wall, await stdout + await stderr);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
