using System.Runtime.InteropServices;

namespace PixTools.Operations;

/// <summary>
/// Runs CPU-bound image work (a conversion, a denoise, loading the model) on a thread of its own at a lower scheduling
/// priority (<see cref="Vips.ImagingOptions.WorkNice"/>). Two things follow. The thread pool stays free for requests:
/// seconds of libvips or ONNX work on pool threads starved the accept path (POST answered in 0.8 s with one conversion
/// running). And where the cores are saturated the kernel serves the api's threads first, so an upload is accepted in
/// milliseconds while conversions take the rest. Threads libvips, the AV1 encoder or ONNX Runtime start from such a
/// thread inherit its priority (Linux keeps a nice value per thread); elsewhere the priority is left as it is.
/// </summary>
public static partial class BackgroundCpu
{
    /// <summary>Runs <paramref name="work"/> on a new thread at niceness <paramref name="nice"/> (0 = unchanged).</summary>
    public static Task<T> RunAsync<T>(Func<T> work, int nice, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() =>
        {
            LowerPriority(nice);
            return work();
        }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>The calling thread's niceness, or null where it cannot be read (not Linux).</summary>
    public static int? CurrentNice()
    {
        if (!OperatingSystem.IsLinux()) return null;
        Marshal.SetLastPInvokeError(0);
        var nice = GetPriority(PrioProcess, GetThreadId());
        return nice == -1 && Marshal.GetLastPInvokeError() != 0 ? null : nice;
    }

    private static void LowerPriority(int nice)
    {
        // Raising a thread's nice value needs no privilege; a failure only leaves the thread at the priority it had.
        if (nice > 0 && OperatingSystem.IsLinux()) _ = SetPriority(PrioProcess, GetThreadId(), Math.Min(nice, 19));
    }

    private const int PrioProcess = 0;

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetThreadId();

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int priority);

    [LibraryImport("libc", EntryPoint = "getpriority", SetLastError = true)]
    private static partial int GetPriority(int which, int who);
}
