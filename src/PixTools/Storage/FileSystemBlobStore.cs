using System.Text.RegularExpressions;

namespace PixTools.Storage;

/// <summary>
/// Blobs as files under one folder. A put writes a temporary file, flushes it to disk and renames it
/// over the key, so a crash never leaves a half-written result under a real key.
/// </summary>
public sealed partial class FileSystemBlobStore(string root, SignedUrls signedUrls) : IBlobStore
{
    /// <summary>Temporary files live in one folder beside the blobs (same file system, so the rename is atomic).</summary>
    private const string TempFolder = ".partial";

    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(1);

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>Removes temporary files a killed process left behind (old ones only: another process may be writing).</summary>
    public void DeleteAbandonedTemporaryFiles()
    {
        var folder = new DirectoryInfo(Path.Combine(Root, TempFolder));
        if (!folder.Exists) return;
        foreach (var file in folder.EnumerateFiles().Where(f => f.LastWriteTimeUtc < DateTime.UtcNow - AbandonedAfter))
        {
            file.Delete();
        }
    }

    public async Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = Path.Combine(Root, TempFolder, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.GetDirectoryName(temp)!);
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, cancellationToken);
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>
    /// A second name for the file, flushed to disk and renamed over the key like a put: no byte is copied. Where the file
    /// cannot be linked (another file system, a file system without hard links), its bytes are copied as by <see cref="PutAsync"/>.
    /// </summary>
    public async Task PutFileAsync(string key, string path, string contentType, CancellationToken cancellationToken)
    {
        var target = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = Path.Combine(Root, TempFolder, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.GetDirectoryName(temp)!);
        if (!HardLink.TryCreate(path, temp))
        {
            await using var content = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await PutAsync(key, content, contentType, cancellationToken);
            return;
        }
        try
        {
            using (var linked = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 0))
            {
                linked.Flush(flushToDisk: true);
            }
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            Stream stream = new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BlobNotFoundException(key);
        }
    }

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => Task.FromResult(File.Exists(PathOf(key)));

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            return Task.CompletedTask; // never stored: nothing to delete
        }
        DeleteEmptyParents(Path.GetDirectoryName(path)!);
        return Task.CompletedTask;
    }

    public Task<string> GetDownloadUrlAsync(string key, string fileName, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        PathOf(key);
        return Task.FromResult(signedUrls.Create(key, fileName, lifetime));
    }

    /// <summary>The file behind a key; keys are checked so none can leave the root (no "..", no absolute paths).</summary>
    public string PathOf(string key)
    {
        if (!KeyPattern().IsMatch(key) || key.Split('/').Any(segment => segment is "." or ".."))
        {
            throw new ArgumentException($"'{key}' is not a valid blob key", nameof(key));
        }
        return Path.Combine(Root, key);
    }

    private void DeleteEmptyParents(string directory)
    {
        while (directory.Length > Root.Length && Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any())
        {
            try
            {
                Directory.Delete(directory);
            }
            catch (IOException)
            {
                return; // a put raced us into this folder: it is not empty any more
            }
            directory = Path.GetDirectoryName(directory)!;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9._-]+)*$")]
    private static partial Regex KeyPattern();
}
