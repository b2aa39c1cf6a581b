namespace PixTools.Cli.Files;

/// <summary>
/// The files of a folder, and with <c>recursive</c> of its subfolders, hidden ones (a leading dot) left out.
/// A linked folder is followed, but every folder is walked once by its real location: a link back up the tree
/// (<c>photos/loop -> ..</c>) or a second link to a folder already walked is passed over, so a loop never repeats.
/// </summary>
public static class FolderWalker
{
    private static readonly EnumerationOptions OneLevel = new() { IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden };

    public static IEnumerable<string> Files(string folder, bool recursive)
    {
        var walked = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        pending.Push(Path.GetFullPath(folder));
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (!walked.Add(RealPath(current))) continue;
            foreach (var file in Safely(() => Directory.EnumerateFiles(current, "*", OneLevel))) yield return file;
            if (!recursive) continue;
            foreach (var sub in Safely(() => Directory.EnumerateDirectories(current, "*", OneLevel))) pending.Push(sub);
        }
    }

    /// <summary>The folder's path with every link on the way resolved (what <c>realpath</c> prints).</summary>
    public static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var parent = Path.GetDirectoryName(full);
        if (parent is null) return full;
        FileSystemInfo? target = null;
        try
        {
            target = new DirectoryInfo(full).ResolveLinkTarget(returnFinalTarget: true);
        }
        catch (IOException)
        {
            // A link that cannot be resolved (a loop of links, too many levels) stands for itself.
        }
        if (target is not null) return RealPath(target.FullName);
        return Path.Combine(RealPath(parent), Path.GetFileName(full));
    }

    /// <summary>A folder that vanishes or cannot be read while the walk runs gives nothing, not an error.</summary>
    private static List<string> Safely(Func<IEnumerable<string>> list)
    {
        try
        {
            return list().ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
