namespace PixTools.Storage;

/// <summary>
/// This process's folder for temporary files (operation outputs, ZIP bundles): <c>{temp}/pixtools-work/{id}</c>, held
/// with an exclusive lock on its <c>.lock</c> file for the life of the process. Files there are deleted on close; a
/// process killed with SIGKILL cannot, so at start every folder whose lock nobody holds (its process is gone) is
/// deleted. Processes sharing the temp folder on one machine never touch each other's files. Removed from outside while
/// the process runs (a cleaner of old files in /tmp, after days without uploads), it is made again at its next use
/// (<see cref="Restore"/>).
/// </summary>
public sealed class WorkTempFolder : IDisposable
{
    private const string LockName = ".lock";
    private readonly Lock restoring = new();
    private FileStream lockFile;

    public WorkTempFolder(ILogger<WorkTempFolder> logger)
        : this(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pixtools-work"), logger)
    {
    }

    public WorkTempFolder(string root, ILogger<WorkTempFolder> logger)
    {
        Root = root;
        Directory.CreateDirectory(root);
        var removed = RemoveAbandoned(root);
        if (removed > 0) Observability.Log.TemporaryFilesRemoved(logger, removed, root);
        // Made under a name the sweep leaves alone, locked, and only then given its real name: another process starting
        // at the same moment never sees this folder without its lock held (it would take it for a dead one's).
        var name = Guid.NewGuid().ToString("N");
        var making = System.IO.Path.Combine(root, MakingPrefix + name);
        Directory.CreateDirectory(making);
        lockFile = new FileStream(System.IO.Path.Combine(making, LockName), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        Path = System.IO.Path.Combine(root, name);
        Directory.Move(making, Path);
    }

    private const string MakingPrefix = ".making-";

    /// <summary>A folder still under its making name after this long belongs to a process that died while starting.</summary>
    private static readonly TimeSpan MakingTimeout = TimeSpan.FromMinutes(1);

    /// <summary>The parent of every process's folder.</summary>
    public string Root { get; }

    /// <summary>This process's folder.</summary>
    public string Path { get; }

    /// <summary>
    /// Makes this process's folder again, with its lock held, after something outside removed it (a file could not be
    /// made there: <see cref="DirectoryNotFoundException"/>); returns its path. Uses see the folder as they did before.
    /// </summary>
    public string Restore()
    {
        lock (restoring)
        {
            if (!File.Exists(System.IO.Path.Combine(Path, LockName)))
            {
                Directory.CreateDirectory(Path);
                var previous = lockFile;
                lockFile = new FileStream(System.IO.Path.Combine(Path, LockName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                previous.Dispose();
            }
            return Path;
        }
    }

    public void Dispose()
    {
        lockFile.Dispose();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere in this process: the next start removes the folder.
        }
    }

    /// <summary>Deletes the folders whose lock can be taken (their process is gone); returns how many files they held.</summary>
    private static int RemoveAbandoned(string root)
    {
        var removed = 0;
        foreach (var folder in Directory.EnumerateDirectories(root))
        {
            if (System.IO.Path.GetFileName(folder).StartsWith(MakingPrefix, StringComparison.Ordinal)
                && DateTime.UtcNow - Directory.GetLastWriteTimeUtc(folder) < MakingTimeout)
            {
                continue; // another process is making it right now
            }
            try
            {
                using (new FileStream(System.IO.Path.Combine(folder, LockName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
                {
                    removed += Directory.EnumerateFiles(folder).Count(f => System.IO.Path.GetFileName(f) != LockName);
                }
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Locked: a live process owns it.
            }
            catch (UnauthorizedAccessException)
            {
                // Another user's: not ours to remove.
            }
        }
        return removed;
    }
}
