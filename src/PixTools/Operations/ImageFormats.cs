namespace PixTools.Operations;

/// <summary>The one table of supported formats: operation name, extension and MIME type.</summary>
public static class ImageFormats
{
    public static readonly ImageFormat Jpeg = new(OperationNames.Jpg, "jpg", "image/jpeg");
    public static readonly ImageFormat Png = new(OperationNames.Png, "png", "image/png");
    public static readonly ImageFormat Webp = new(OperationNames.Webp, "webp", "image/webp");
    public static readonly ImageFormat Avif = new(OperationNames.Avif, "avif", "image/avif");

    public static readonly IReadOnlyList<ImageFormat> All = [Jpeg, Png, Webp, Avif];

    /// <summary>The format a conversion operation writes, or null for a non-conversion.</summary>
    public static ImageFormat? ForOperation(string operation) =>
        All.FirstOrDefault(f => f.Operation == operation);

    /// <summary>The format with this MIME type (parameters such as <c>; charset</c> ignored), or null.</summary>
    public static ImageFormat? ForContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return null;
        var mediaType = contentType.Split(';', 2)[0].Trim();
        return All.FirstOrDefault(f => string.Equals(f.ContentType, mediaType, StringComparison.OrdinalIgnoreCase));
    }
}
