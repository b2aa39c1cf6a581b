using PixTools.Operations;

namespace PixTools.UnitTests.Operations;

public sealed class ImageFormatsTests
{
    [Theory]
    [InlineData("image/jpeg", "jpg")]
    [InlineData("IMAGE/JPEG; charset=binary", "jpg")]
    [InlineData("image/jpg", "jpg")]
    [InlineData("image/pjpeg", "jpg")]
    [InlineData("image/x-png", "png")]
    [InlineData("image/tif", "tiff")]
    [InlineData("image/x-tiff", "tiff")]
    [InlineData("image/heif", "heic")]
    [InlineData("image/heic-sequence", "heic")]
    [InlineData("image/avif", "avif")]
    public void ReadsTheNamesClientsSend(string contentType, string extension) =>
        Assert.Equal(extension, ImageFormats.ForContentType(contentType)?.Extension);

    [Theory]
    [InlineData("text/plain")]
    [InlineData("image/svg+xml")]
    [InlineData("application/octet-stream")]
    [InlineData(null)]
    public void NamesNoFormatForOtherTypes(string? contentType) => Assert.Null(ImageFormats.ForContentType(contentType));

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("application/octet-stream", true)]
    [InlineData("Application/Octet-Stream; name=x", true)]
    [InlineData("binary/octet-stream", true)]
    [InlineData("image/png", false)]
    [InlineData("text/plain", false)]
    public void AGenericOrMissingTypeLetsTheBytesDecide(string? contentType, bool unspecified) =>
        Assert.Equal(unspecified, ImageFormats.IsUnspecifiedContentType(contentType));
}
