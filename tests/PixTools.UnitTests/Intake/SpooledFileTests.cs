using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using PixTools.Intake;
using PixTools.Operations;
using PixTools.Testing;
using PixTools.UnitTests.Operations;

namespace PixTools.UnitTests.Intake;

public sealed class SpooledFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("pixtools-spool-test-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(count).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public async Task KeepsTheBytesOnDiskWithTheirHashAndDeletesThemWhenDisposed()
    {
        var bytes = RandomBytes(300_000);
        string path;
        await using (var spooled = (await SpooledFile.WriteAsync(new MemoryStream(bytes), bytes.Length, folder, CancellationToken.None)).File)
        {
            Assert.NotNull(spooled);
            path = spooled.Path;
            Assert.StartsWith(folder, path);
            Assert.True(File.Exists(path));
            Assert.Equal(bytes.Length, spooled.Length);
            Assert.Equal(SHA256.HashData(bytes), spooled.Sha256);
            Assert.Equal(bytes[..64], spooled.Head(64));
            using (var mapped = spooled.Map()) Assert.True(mapped.Span.SequenceEqual(bytes));
            await using var read = spooled.OpenRead();
            var copy = new MemoryStream();
            await read.CopyToAsync(copy);
            Assert.Equal(bytes, copy.ToArray());
        }
        Assert.False(File.Exists(path));
        Assert.Empty(Directory.EnumerateFiles(folder));
    }

    [Fact]
    public async Task StopsAtTheCapAndLeavesNothingBehind()
    {
        var bytes = RandomBytes(200_001);
        var (spooled, read) = await SpooledFile.WriteAsync(new MemoryStream(bytes), 200_000, folder, CancellationToken.None);
        Assert.Null(spooled);
        Assert.True(read > 200_000);
        Assert.Empty(Directory.EnumerateFiles(folder));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData(100_000)]
    public async Task KeepsEveryByteWhateverSizeTheReadsOfTheBodyAre(int readSize)
    {
        var bytes = RandomBytes(250_001);
        await using var spooled = (await SpooledFile.WriteAsync(new TrickleStream(bytes, readSize), bytes.Length, folder, CancellationToken.None)).File;
        Assert.NotNull(spooled);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(spooled.Path));
        Assert.Equal(SHA256.HashData(bytes), spooled.Sha256);

        var (overCap, read) = await SpooledFile.WriteAsync(new TrickleStream(bytes, readSize), 100_000, folder, CancellationToken.None);
        Assert.Null(overCap);
        Assert.InRange(read, 100_001, 100_000 + readSize);
    }

    /// <summary>A body that hands out at most <paramref name="readSize"/> bytes per read, as a multipart section does.</summary>
    private sealed class TrickleStream(byte[] bytes, int readSize) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, readSize)], cancellationToken);
    }

    [Fact]
    public async Task AnEmptyUploadHasAnEmptyHeadAndMap()
    {
        await using var spooled = (await SpooledFile.WriteAsync(new MemoryStream(), 10, folder, CancellationToken.None)).File;
        Assert.NotNull(spooled);
        Assert.Equal(0, spooled.Length);
        Assert.Empty(spooled.Head(64));
        using var mapped = spooled.Map();
        Assert.True(mapped.Span.IsEmpty);
    }

    [Fact]
    public async Task ThePixelGuardReadsTheSameHeaderFromTheSpooledFileAsFromMemory()
    {
        TestImages.EnsureVipsSetUp();
        var guard = new PixelGuard(Options.Create(new LimitsOptions { MaxPixels = 100_000_000 }));
        var png = CraftedImages.PngBomb(3000, 2000);
        await using var spooled = (await SpooledFile.WriteAsync(new MemoryStream(png), png.Length, folder, CancellationToken.None)).File;
        var fromFile = guard.Check(spooled!, ImageFormats.Png);
        var fromMemory = guard.Check(png, ImageFormats.Png);
        Assert.True(fromFile.Succeeded);
        Assert.Equal(fromMemory.Value, fromFile.Value);
        Assert.Equal((3000, 2000), (fromFile.Value.Width, fromFile.Value.Height));

        var small = new PixelGuard(Options.Create(new LimitsOptions { MaxPixels = 1_000_000 }));
        Assert.False(small.Check(spooled!, ImageFormats.Png).Succeeded);
    }
}
