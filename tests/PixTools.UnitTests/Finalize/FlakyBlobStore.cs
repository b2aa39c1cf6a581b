using PixTools.Storage;

namespace PixTools.UnitTests.Finalize;

/// <summary>A blob store whose first <paramref name="failingPuts"/> puts fail as a full disk or a lost bucket would; the rest pass through.</summary>
public sealed class FlakyBlobStore(IBlobStore inner, int failingPuts) : IBlobStore
{
    private int puts;

    public int Puts => puts;

    public Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken) =>
        Interlocked.Increment(ref puts) <= failingPuts
            ? throw new IOException($"put {puts} of '{key}' refused by the test")
            : inner.PutAsync(key, content, contentType, cancellationToken);

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken) => inner.OpenReadAsync(key, cancellationToken);

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => inner.ExistsAsync(key, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

    public Task<string> GetDownloadUrlAsync(string key, string fileName, TimeSpan lifetime, CancellationToken cancellationToken) =>
        inner.GetDownloadUrlAsync(key, fileName, lifetime, cancellationToken);
}
