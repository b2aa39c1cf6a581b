using PixTools.Storage;

namespace PixTools.IntegrationTests.Support;

/// <summary>The real store, except that every put of an archive fails (as a full disk would); <paramref name="onArchivePut"/> counts them.</summary>
public sealed class ArchiveRefusingBlobStore(IBlobStore inner, Action onArchivePut) : IBlobStore
{
    public Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        if (!key.StartsWith("archives/", StringComparison.Ordinal)) return inner.PutAsync(key, content, contentType, cancellationToken);
        onArchivePut();
        throw new IOException("no space left on device (refused by the test)");
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken) => inner.OpenReadAsync(key, cancellationToken);

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => inner.ExistsAsync(key, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

    public Task<string> GetDownloadUrlAsync(string key, string fileName, TimeSpan lifetime, CancellationToken cancellationToken) =>
        inner.GetDownloadUrlAsync(key, fileName, lifetime, cancellationToken);
}
