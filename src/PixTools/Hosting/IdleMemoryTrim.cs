using System.Runtime;
using Microsoft.Extensions.Options;

namespace PixTools.Hosting;

/// <summary>
/// Gives memory back after a busy spell: every <see cref="MemoryOptions.IdleTrimAfter"/> it looks at how much the
/// process allocated on the .NET heap since the last look; once that falls under
/// <see cref="MemoryOptions.IdleAllocationBytes"/> after a spell of work, it compacts the heap (large objects included)
/// and asks glibc to return its free pages, once per quiet spell. Trimming while work goes on would only cost CPU,
/// never correctness: the quiet test just keeps it out of the way.
/// </summary>
public sealed class IdleMemoryTrim(IOptions<MemoryOptions> options, ILogger<IdleMemoryTrim> logger, TimeProvider time) : BackgroundService
{
    private readonly IdleTrimPolicy policy = new(options.Value.IdleAllocationBytes);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = options.Value.IdleTrimAfter;
        if (period <= TimeSpan.Zero) return;
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (policy.ShouldTrim(GC.GetTotalAllocatedBytes())) Trim();
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    private void Trim()
    {
        var before = Environment.WorkingSet;
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var trimmed = NativeMemory.TrimFreePages();
        logger.LogDebug("Quiet after a busy spell: memory given back, {BeforeMiB} MiB -> {AfterMiB} MiB resident (glibc trimmed: {Trimmed})",
            before >> 20, Environment.WorkingSet >> 20, trimmed);
    }
}

/// <summary>Trim once per quiet spell: when the allocations since the last look are under the threshold and there was work since the last trim.</summary>
public sealed class IdleTrimPolicy(long quietBytes)
{
    private long lastSeen = -1;
    private bool busySinceTrim;

    public bool ShouldTrim(long allocatedSoFar)
    {
        if (lastSeen < 0)
        {
            lastSeen = allocatedSoFar;
            busySinceTrim = true; // start-up itself was the busy spell
            return false;
        }
        var delta = allocatedSoFar - lastSeen;
        lastSeen = allocatedSoFar;
        if (delta >= quietBytes)
        {
            busySinceTrim = true;
            return false;
        }
        if (!busySinceTrim) return false;
        busySinceTrim = false;
        return true;
    }
}
