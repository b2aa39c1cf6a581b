using System.Collections.Concurrent;
using System.Threading.Channels;
using PixTools.Cli.Files;

namespace PixTools.Cli.Watching;

/// <summary>
/// Yields the folder's images as they appear: the ones already there first, then each new or changed file once it
/// has stopped growing (its size and time unchanged for <c>settle</c>), so a photo still being copied in is not sent half-written.
/// </summary>
public sealed class FolderWatcher(string root, bool recursive, string? outputFolder, TimeSpan settle)
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromMilliseconds(200);
    private readonly ConcurrentDictionary<string, byte> dirty = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Size, DateTime Written, DateTime Since)> pending = new(StringComparer.Ordinal);

    public string Root { get; } = Path.GetFullPath(root);

    public async IAsyncEnumerable<SourceFile> WatchAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var watcher = new FileSystemWatcher(Root) { IncludeSubdirectories = recursive, NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.Size | NotifyFilters.LastWrite };
        watcher.Created += (_, e) => Touch(e.FullPath);
        watcher.Changed += (_, e) => Touch(e.FullPath);
        watcher.Renamed += (_, e) => Touch(e.FullPath);
        watcher.EnableRaisingEvents = true;
        // Watching first, then listing, so nothing that lands in between is missed.
        foreach (var file in FolderWalker.Files(Root, recursive)) Touch(file);

        using var timer = new PeriodicTimer(CheckEvery);
        while (await Tick(timer, cancellationToken))
        {
            foreach (var ready in Settled(DateTime.UtcNow)) yield return new SourceFile(ready, Path.GetRelativePath(Root, ready));
        }
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Touch(string path)
    {
        if (Directory.Exists(path))
        {
            // A folder moved in brings files that raise no events of their own.
            if (recursive) foreach (var file in FolderWalker.Files(path, recursive: true)) dirty.TryAdd(file, 0);
            return;
        }
        if (SourceScanner.IsCandidate(path, outputFolder)) dirty.TryAdd(path, 0);
    }

    /// <summary>The pending files whose size and write time have not moved for <c>settle</c>.</summary>
    private List<string> Settled(DateTime now)
    {
        foreach (var path in dirty.Keys)
        {
            dirty.TryRemove(path, out _);
            if (!SourceScanner.IsCandidate(path, outputFolder)) continue;
            pending.TryAdd(path, (-1, default, now));
        }
        var ready = new List<string>();
        foreach (var (path, seen) in pending.ToList())
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                pending.Remove(path);
                continue;
            }
            if (info.Length != seen.Size || info.LastWriteTimeUtc != seen.Written)
            {
                pending[path] = (info.Length, info.LastWriteTimeUtc, now);
            }
            else if (now - seen.Since >= settle && info.Length > 0)
            {
                pending.Remove(path);
                ready.Add(path);
            }
        }
        return ready;
    }
}
