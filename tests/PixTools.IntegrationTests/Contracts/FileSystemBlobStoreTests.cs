using PixTools.Storage;

namespace PixTools.IntegrationTests.Contracts;

/// <summary>The local folder store against the blob store contract, plus its own rules.</summary>
public sealed class FileSystemBlobStoreTests : BlobStoreContract, IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "pixtools-fs-" + Guid.NewGuid().ToString("N"));
    private readonly FileSystemBlobStore store;

    public FileSystemBlobStoreTests() => store = new FileSystemBlobStore(root, new SignedUrls(new byte[32], TimeProvider.System));

    protected override IBlobStore Store => store;

    [Theory]
    [InlineData("../outside")]
    [InlineData("processed/../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("processed//x")]
    public async Task RefusesKeysThatCouldLeaveTheRoot(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync(key, new MemoryStream([1]), "image/png", CancellationToken.None));
    }

    [Fact]
    public async Task LeavesNoTemporaryFileBehindAfterAPut()
    {
        await store.PutAsync("processed/a/b.png", new MemoryStream(new byte[100_000]), "image/png", CancellationToken.None);
        var files = Directory.GetFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f));
        Assert.Equal(["processed/a/b.png"], files);
    }

    [Fact]
    public async Task LinksAFileOnItsOwnFileSystemInsteadOfCopyingIt()
    {
        var file = Path.Combine(root, "upload");
        Directory.CreateDirectory(root);
        await File.WriteAllBytesAsync(file, new byte[100_000]);
        await store.PutFileAsync("sources/a/b.jpg", file, "image/jpeg", CancellationToken.None);

        // One file with two names: a write through one is seen through the other. A copy would not see it.
        await using (var writer = new FileStream(file, FileMode.Open, FileAccess.Write)) writer.WriteByte(42);
        Assert.Equal(42, (await File.ReadAllBytesAsync(store.PathOf("sources/a/b.jpg")))[0]);
        var files = Directory.GetFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)).Order();
        Assert.Equal(["sources/a/b.jpg", "upload"], files);
    }

    public void Dispose()
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }
}
