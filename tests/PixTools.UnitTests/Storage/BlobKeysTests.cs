using PixTools.Operations;
using PixTools.Storage;

namespace PixTools.UnitTests.Storage;

public sealed class BlobKeysTests
{
    private static readonly Guid Job = Guid.Parse("0199a1b2-0000-7000-8000-000000000001");

    [Fact]
    public void KeysAreDeterministicPerJobAndOperation()
    {
        Assert.Equal("raw/0199a1b2-0000-7000-8000-000000000001/cups.jpg", BlobKeys.Source(Job, "cups", ImageFormats.Jpeg));
        Assert.Equal("processed/0199a1b2-0000-7000-8000-000000000001/webp.webp", BlobKeys.Result(Job, "webp", "webp"));
        Assert.Equal(BlobKeys.Result(Job, "avif", "avif"), BlobKeys.Result(Job, "avif", "avif"));
        Assert.Equal("archives/0199a1b2-0000-7000-8000-000000000001/bundle.zip", BlobKeys.Archive(Job));
    }

    [Theory]
    [InlineData("jpg", "jpg")]
    [InlineData("png", "png")]
    [InlineData("webp", "webp")]
    [InlineData("avif", "avif")]
    [InlineData("denoise", "png")]
    [InlineData("metadata", null)]
    public void KnowsWhichExtensionEachOperationWrites(string operation, string? extension) =>
        Assert.Equal(extension, BlobKeys.ResultExtension(operation));

    [Fact]
    public void DownloadNamesFollowTheContract() =>
        Assert.Equal("pixtools_webp_cups.webp", BlobKeys.DownloadName("webp", "cups", "webp"));
}
