using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using PixTools.Hosting;
using PixTools.IntegrationTests.Support;
using PixTools.Storage;

namespace PixTools.IntegrationTests.Contracts;

/// <summary>The S3 store against the blob store contract on s3rver (scripts/services/start.sh), in a bucket of this class's own.</summary>
public sealed class S3BlobStoreTests : BlobStoreContract
{
    private static readonly S3StorageOptions Options = TestS3.Options($"pixtools-test-{Guid.NewGuid():N}");
    private static readonly S3BlobStore S3Store =
        new(StorageRegistration.S3ClientOf(Options), Options, TimeSpan.FromDays(1), NullLogger<S3BlobStore>.Instance);

    protected override IBlobStore Store => S3Store;

    [Fact]
    public async Task APresignedUrlDownloadsTheExactBytesUnderTheFileName()
    {
        var key = $"processed/{Guid.NewGuid()}/webp.webp";
        var bytes = RandomNumberGenerator.GetBytes(200_001);
        await Store.PutAsync(key, new MemoryStream(bytes), "image/webp", CancellationToken.None);
        var url = await Store.GetDownloadUrlAsync(key, "pixtools_webp_holiday.webp", TimeSpan.FromMinutes(5), CancellationToken.None);

        using var http = new HttpClient();
        using var response = await http.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("pixtools_webp_holiday.webp", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task APresignedUrlCarriesAUtf8FileNameWithAnAsciiFallback()
    {
        var key = $"processed/{Guid.NewGuid()}/webp.webp";
        await Store.PutAsync(key, new MemoryStream([1, 2, 3]), "image/webp", CancellationToken.None);
        var url = await Store.GetDownloadUrlAsync(key, "pixtools_webp_фото 🌅.webp", TimeSpan.FromMinutes(5), CancellationToken.None);

        using var http = new HttpClient();
        using var response = await http.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("pixtools_webp_фото 🌅.webp", response.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.All(response.Content.Headers.ContentDisposition!.FileName!, c => Assert.True(c is >= ' ' and <= '~'));
    }

    [Fact]
    public async Task AStreamThatCannotSeekGoesUpInPartsByteExactly()
    {
        var key = $"archives/{Guid.NewGuid()}/bundle.zip";
        var bytes = RandomNumberGenerator.GetBytes(17 * 1024 * 1024 + 5);
        await Store.PutAsync(key, new ForwardOnlyStream(new MemoryStream(bytes)), "application/zip", CancellationToken.None);
        await using var read = await Store.OpenReadAsync(key, CancellationToken.None);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(copy.ToArray()));
    }

    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
