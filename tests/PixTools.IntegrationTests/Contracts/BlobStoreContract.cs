using System.Security.Cryptography;
using PixTools.Storage;

namespace PixTools.IntegrationTests.Contracts;

/// <summary>What every <see cref="IBlobStore"/> must do; a subclass only builds its store.</summary>
public abstract class BlobStoreContract
{
    protected abstract IBlobStore Store { get; }

    private static string NewKey(string name) => $"processed/{Guid.NewGuid()}/{name}";

    [Fact]
    public async Task RoundTripsBytesExactly()
    {
        var key = NewKey("webp.webp");
        var bytes = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        await Store.PutAsync(key, new MemoryStream(bytes), "image/webp", CancellationToken.None);
        await using var read = await Store.OpenReadAsync(key, CancellationToken.None);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(copy.ToArray()));
    }

    [Fact]
    public async Task APutReplacesTheBlobUnderTheSameKey()
    {
        var key = NewKey("png.png");
        await Store.PutAsync(key, new MemoryStream([1, 2, 3]), "image/png", CancellationToken.None);
        await Store.PutAsync(key, new MemoryStream([9]), "image/png", CancellationToken.None);
        await using var read = await Store.OpenReadAsync(key, CancellationToken.None);
        Assert.Equal(9, read.ReadByte());
        Assert.Equal(-1, read.ReadByte());
    }

    [Fact]
    public async Task PutsAFileByItsPathAndLeavesTheFileAsItWas()
    {
        var key = NewKey("source.jpg");
        var bytes = RandomNumberGenerator.GetBytes(600_000);
        var file = Path.Combine(Path.GetTempPath(), $"pixtools-put-file-{Guid.NewGuid():N}");
        await File.WriteAllBytesAsync(file, bytes);
        try
        {
            await Store.PutAsync(key, new MemoryStream([7]), "image/jpeg", CancellationToken.None);
            await Store.PutFileAsync(key, file, "image/jpeg", CancellationToken.None);
            Assert.Equal(bytes, await File.ReadAllBytesAsync(file));
        }
        finally
        {
            File.Delete(file);
        }
        // The blob outlives the file it was put from (a link is a second name, not a reference).
        await using var read = await Store.OpenReadAsync(key, CancellationToken.None);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task AMissingBlobIsNotFoundAndDeletingItIsFine()
    {
        var key = NewKey("avif.avif");
        Assert.False(await Store.ExistsAsync(key, CancellationToken.None));
        await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.OpenReadAsync(key, CancellationToken.None));
        await Store.DeleteAsync(key, CancellationToken.None);
    }

    [Fact]
    public async Task DeleteRemovesTheBlob()
    {
        var key = NewKey("jpg.jpg");
        await Store.PutAsync(key, new MemoryStream([1]), "image/jpeg", CancellationToken.None);
        Assert.True(await Store.ExistsAsync(key, CancellationToken.None));
        await Store.DeleteAsync(key, CancellationToken.None);
        Assert.False(await Store.ExistsAsync(key, CancellationToken.None));
    }

    [Fact]
    public async Task GivesADownloadUrlForAStoredBlob()
    {
        var key = NewKey("webp.webp");
        await Store.PutAsync(key, new MemoryStream([1]), "image/webp", CancellationToken.None);
        var url = await Store.GetDownloadUrlAsync(key, "pixtools_webp_x.webp", TimeSpan.FromMinutes(5), CancellationToken.None);
        Assert.Contains("pixtools_webp_x.webp", Uri.UnescapeDataString(url));
    }
}
