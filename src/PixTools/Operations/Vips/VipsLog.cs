using NetVips;
using PixTools.Observability;

namespace PixTools.Operations.Vips;

/// <summary>
/// libvips' own messages (GLib log domain "VIPS": "read gave 1 warnings", "error in tile 0 x 10", a loader's words about
/// a damaged file) went to stderr as unstructured lines between the JSON log lines. They go to the structured log
/// instead, at Debug: each is about one image, and when it decides anything the job's own reason says so.
/// </summary>
public static class VipsLog
{
    /// <summary>The log category of libvips' messages.</summary>
    public const string Category = "PixTools.Operations.Vips.Libvips";

    private const Enums.LogLevelFlags Levels = Enums.LogLevelFlags.Critical | Enums.LogLevelFlags.Warning
        | Enums.LogLevelFlags.Message | Enums.LogLevelFlags.Info | Enums.LogLevelFlags.Debug;

    private static readonly Lock Gate = new();
    private static uint? handler;

    /// <summary>Sends libvips' messages to <paramref name="logger"/> (once per process; a later call changes the logger).</summary>
    public static void RouteTo(ILogger logger)
    {
        lock (Gate)
        {
            if (handler is { } previous) global::NetVips.Log.RemoveLogHandler("VIPS", previous);
            handler = global::NetVips.Log.SetLogHandler("VIPS", Levels, (_, level, message) =>
            {
                // Called from libvips' threads through native code, where an exception would end the process.
                try
                {
                    logger.LibvipsSaid(Describe(level), message);
                }
                catch (ObjectDisposedException)
                {
                    // The host is shutting down: there is no log left to write to.
                }
            });
        }
    }

    private static string Describe(Enums.LogLevelFlags level) =>
        level.HasFlag(Enums.LogLevelFlags.Critical) ? "critical" : level.HasFlag(Enums.LogLevelFlags.Warning) ? "warning" : "message";
}
