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
}

/// <summary>Applies <see cref="MemoryOptions"/> before any native thread allocates.</summary>
public static partial class NativeMemory
{
    private const int ArenaMax = -8; // M_ARENA_MAX in malloc.h

    public static void Apply(IConfiguration configuration)
    {
        var arenas = configuration.GetSection(MemoryOptions.Section).Get<MemoryOptions>()?.MallocArenaMax ?? 2;
        if (arenas <= 0 || !OperatingSystem.IsLinux()) return;
        try
        {
            _ = MallOpt(ArenaMax, arenas);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // musl or another libc without mallopt: nothing to tune.
        }
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);
}
