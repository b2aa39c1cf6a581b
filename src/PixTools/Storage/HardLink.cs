using System.Runtime.InteropServices;

namespace PixTools.Storage;

/// <summary>link(2): a second name for an existing file, on the same file system.</summary>
internal static partial class HardLink
{
    /// <summary>
    /// Makes <paramref name="created"/> a hard link to <paramref name="existing"/>; false where that cannot be done (different
    /// file systems, no hard links there, not Linux or macOS), and nothing is then made.
    /// </summary>
    public static bool TryCreate(string existing, string created)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return false;
        try
        {
            return Link(existing, created) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string created);
}
