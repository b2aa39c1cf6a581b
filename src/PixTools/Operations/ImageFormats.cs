namespace PixTools.Operations;

/// <summary>The one table of supported formats: operation name, extension and MIME type.</summary>
public static class ImageFormats
{
    public static readonly ImageFormat Jpeg = new(OperationNames.Jpg, "jpg", "image/jpeg");
    public static readonly ImageFormat Png = new(OperationNames.Png, "png", "image/png");
    public static readonly ImageFormat Webp = new(OperationNames.Webp, "webp", "image/webp");
    public static readonly ImageFormat Avif = new(OperationNames.Avif, "avif", "image/avif");

    public static readonly IReadOnlyList<ImageFormat> All = [Jpeg, Png, Webp, Avif];

    // Read-only inputs: no operation writes them, so their Operation is only their name in the job store.
    public static readonly ImageFormat Tiff = new("tiff", "tiff", "image/tiff");
    public static readonly ImageFormat Gif = new("gif", "gif", "image/gif");
    public static readonly ImageFormat Heic = new("heic", "heic", "image/heic");

    /// <summary>Every format an upload may be: the four outputs and TIFF, GIF, HEIC/HEIF.</summary>
    public static readonly IReadOnlyList<ImageFormat> Inputs = [Jpeg, Png, Webp, Avif, Tiff, Gif, Heic];

    /// <summary>The input format stored under <paramref name="name"/> (a job's source format), or null.</summary>
    public static ImageFormat? ForSource(string name) => Inputs.FirstOrDefault(f => f.Operation == name);

    /// <summary>The format a conversion operation writes, or null for a non-conversion.</summary>
    public static ImageFormat? ForOperation(string operation) =>
        All.FirstOrDefault(f => f.Operation == operation);

    /// <summary>The format with this MIME type (parameters such as <c>; charset</c> ignored), or null.</summary>
    public static ImageFormat? ForContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return null;
        var mediaType = contentType.Split(';', 2)[0].Trim();
        // HEIF is the container, HEIC its HEVC-coded kind; clients send either (and image/tif now and then).
        if (string.Equals(mediaType, "image/heif", StringComparison.OrdinalIgnoreCase)) return Heic;
        if (string.Equals(mediaType, "image/tif", StringComparison.OrdinalIgnoreCase)) return Tiff;
        return Inputs.FirstOrDefault(f => string.Equals(f.ContentType, mediaType, StringComparison.OrdinalIgnoreCase));
    }
}
