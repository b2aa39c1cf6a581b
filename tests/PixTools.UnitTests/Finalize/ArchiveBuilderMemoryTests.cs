using System.Diagnostics;
using System.IO.Compression;
using PixTools.Storage;
using Xunit.Abstractions;

namespace PixTools.UnitTests.Finalize;

/// <summary>Alone in the process while it runs: its signals are process-wide, and other tests would add to them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurement
{
    public const string Name = "memory measurement";
}

/// <summary>The bundle streams: memory does not grow with the size of the results (issue: "outputs totalling over 100 MB").</summary>
[Collection(MemoryMeasurement.Name)]
public sealed class ArchiveBuilderMemoryTests(ITestOutputHelper output) : IDisposable
{
    private const long ResultBytes = 24L * 1024 * 1024;
    private static readonly string[] FileOperations = ["jpg", "png", "webp", "avif", "denoise"];
    private const long Budget = 40L * 1024 * 1024;
    private readonly ArchiveTestKit kit = new();

    /// <summary>
    /// Two signals. Managed bytes allocated during the build (GC.GetTotalAllocatedBytes, precise) is the one that
    /// cannot be masked: anything that buffers a result in a MemoryStream or byte[] allocates at least its size,
    /// whatever the GC frees later. The peak working set (VmHWM, reset through /proc/self/clear_refs before the
    /// build) also catches native buffering; without the reset an earlier peak of this process would hide growth.
    /// </summary>
    [Fact]
    public async Task BundlesResultsTotallingOver100MBWithMemoryFarBelowThat()
    {
        // Random bytes do not deflate, so the ZIP is as large as its results and no compression ratio hides anything.
        // A job has at most five file results (jpg, png, webp, avif, denoise): 5 x 24 MiB = 120 MiB.
        var job = await kit.FinishedJobFromStreamsAsync("big", FileOperations.Select(op => (op, (Stream?)new RandomBytesStream(ResultBytes))).ToList(), "{}");
        var builder = kit.Builder();

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var peakReset = ResetPeakWorkingSet();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var workingSetBefore = process.WorkingSet64;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();

        await builder.RunAsync(job, CancellationToken.None);

        watch.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        process.Refresh();
        var peakGrowth = process.PeakWorkingSet64 - workingSetBefore;
        var archive = new FileInfo(kit.Blobs.PathOf(BlobKeys.Archive(job.Id)));
        output.WriteLine($"bundle of {FileOperations.Length * ResultBytes / (1024 * 1024)} MiB results: {archive.Length / (1024 * 1024)} MiB ZIP in {watch.ElapsedMilliseconds} ms; "
            + $"managed allocations {allocated / 1024} KiB; peak working set {(peakReset ? "(reset)" : "(not reset: clear_refs refused)")} grew {peakGrowth / 1024} KiB");

        Assert.True(archive.Length > FileOperations.Length * ResultBytes, $"the ZIP holds {archive.Length} bytes");
        using (var zip = ZipFile.OpenRead(archive.FullName))
        {
            Assert.Equal(FileOperations.Length * ResultBytes, zip.Entries.Where(e => e.Name != "metadata.json").Sum(e => e.Length));
        }
        Assert.True(allocated < Budget, $"the build allocated {allocated} managed bytes for {FileOperations.Length * ResultBytes} bytes of results");
        Assert.True(peakGrowth < Budget, $"the peak working set grew {peakGrowth} bytes for {FileOperations.Length * ResultBytes} bytes of results");
    }

    /// <summary>Writing 5 to /proc/self/clear_refs resets the peak resident set (VmHWM) to the current one (Linux 4.0+).</summary>
    private static bool ResetPeakWorkingSet()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public void Dispose() => kit.Dispose();
}
