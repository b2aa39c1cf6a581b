namespace PixTools.Storage;

/// <summary>
/// Where source images, results and archives live. Keys come from <see cref="BlobKeys"/> only and are
/// deterministic, so a retried operation overwrites its result instead of adding another.
/// </summary>
public interface IBlobStore
{
    /// <summary>Stores <paramref name="content"/> under <paramref name="key"/>, replacing any blob there; the blob is durable when this returns.</summary>
    Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the file at <paramref name="path"/> under <paramref name="key"/> as <see cref="PutAsync"/> does; the file itself
    /// stays where it is, unchanged. A store that can take the file without copying its bytes (a hard link) does so.
    /// </summary>
    async Task PutFileAsync(string key, string path, string contentType, CancellationToken cancellationToken)
    {
        await using var content = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await PutAsync(key, content, contentType, cancellationToken);
    }

    /// <summary>Opens the blob for reading; throws <see cref="BlobNotFoundException"/> when there is none.</summary>
    Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Whether a blob is stored under <paramref name="key"/>.</summary>
    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken);

    /// <summary>Deletes the blob; deleting a missing blob is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// A URL that downloads the blob as an attachment named <paramref name="fileName"/> until it expires.
    /// It may be relative to the API's base address (the local store serves downloads itself).
    /// </summary>
    Task<string> GetDownloadUrlAsync(string key, string fileName, TimeSpan lifetime, CancellationToken cancellationToken);
}
