using System.ComponentModel.DataAnnotations;
using System.Runtime.InteropServices;

namespace PixTools.Hosting;

/// <summary>Native memory of the process, section <c>Memory</c>.</summary>
public sealed class MemoryOptions
{
    public const string Section = "Memory";

    /// <summary>
    /// glibc malloc arenas at most (default 2; 0 leaves glibc's default of 8 per core). libvips allocates pixel
    /// buffers from many threads; each new thread may get an arena of its own, which keeps freed memory resident.
    /// Few arenas keep the RSS close to what is really in use. Linux/glibc only; ignored elsewhere.
    /// </summary>
    [Range(0, 1024)]
    public int MallocArenaMax { get; set; } = 2;

    /// <summary>
    /// Blocks of at least this many bytes are given their own memory map, returned to the system when freed (default
    /// 131072 = 128 KiB, glibc's starting value; 0 leaves glibc's own rule). glibc raises its threshold each time such a
    /// block is freed, after which the large pixel and encoder buffers of the next conversions stay resident in the heap:
    /// fixing the threshold took the peak RSS of the embedded profile under load from 873 to 385 MiB (bench <c>load</c>).
    /// </summary>
    [Range(0, 64 * 1024 * 1024)]
    public int MmapThresholdBytes { get; set; } = 128 * 1024;

    /// <summary>
    /// Free memory at the top of the heap beyond this many bytes is given back to the system (default 131072; 0 leaves
    /// glibc's own rule).
    /// </summary>
    [Range(0, 1024 * 1024 * 1024)]
    public int TrimThresholdBytes { get; set; } = 128 * 1024;

    /// <summary>
    /// After a busy spell, once the process has been quiet this long (it allocated less than
    /// <see cref="IdleAllocationBytes"/> in that time), the .NET heap is compacted and glibc gives its free pages back
    /// (default 20 s; 0 turns it off). Without it the RSS stays near the load's peak for minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Memory:IdleTrimAfter must be between 0 and 1 hour")]
    public TimeSpan IdleTrimAfter { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>What counts as quiet for <see cref="IdleTrimAfter"/>: fewer bytes allocated on the .NET heap in that time (default 8 MiB).</summary>
    [Range(0, long.MaxValue)]
    public long IdleAllocationBytes { get; set; } = 8L * 1024 * 1024;
}

/// <summary>Applies <see cref="MemoryOptions"/> before any native thread allocates.</summary>
public static partial class NativeMemory
{
    private const int ArenaMax = -8; // M_ARENA_MAX in malloc.h
    private const int MmapThreshold = -3; // M_MMAP_THRESHOLD
    private const int TrimThreshold = -1; // M_TRIM_THRESHOLD

    public static void Apply(IConfiguration configuration)
    {
        var options = configuration.GetSection(MemoryOptions.Section).Get<MemoryOptions>() ?? new MemoryOptions();
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            if (options.MallocArenaMax > 0) _ = MallOpt(ArenaMax, options.MallocArenaMax);
            if (options.MmapThresholdBytes > 0) _ = MallOpt(MmapThreshold, options.MmapThresholdBytes);
            if (options.TrimThresholdBytes > 0) _ = MallOpt(TrimThreshold, options.TrimThresholdBytes);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // musl or another libc without mallopt: nothing to tune.
        }
    }

    /// <summary>Gives the free pages of every glibc arena back to the system (<c>malloc_trim(0)</c>); false where there is no glibc.</summary>
    public static bool TrimFreePages()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            _ = MallocTrim(0);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
