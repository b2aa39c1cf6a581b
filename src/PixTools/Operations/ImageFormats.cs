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

    /// <summary>
    /// True when a file part's type says nothing about its format: absent, empty, or the generic
    /// <c>application/octet-stream</c> (or <c>binary/octet-stream</c>), which curl and most HTTP libraries send for file
    /// extensions they do not know (.webp, .avif, .tiff, .heic). The sniffed bytes then decide.
    /// </summary>
    public static bool IsUnspecifiedContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return true;
        var mediaType = MediaType(contentType);
        return string.Equals(mediaType, "application/octet-stream", StringComparison.OrdinalIgnoreCase)
            || string.Equals(mediaType, "binary/octet-stream", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The format with this MIME type (parameters such as <c>; charset</c> ignored), or null.</summary>
    public static ImageFormat? ForContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return null;
        var mediaType = MediaType(contentType);
        if (Aliases.TryGetValue(mediaType, out var alias)) return alias;
        return Inputs.FirstOrDefault(f => string.Equals(f.ContentType, mediaType, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The media type of a Content-Type value, its parameters (<c>; charset=…</c>) left off.</summary>
    private static string MediaType(string contentType) => contentType.Split(';', 2)[0].Trim();

    /// <summary>
    /// Other names clients send: HEIF is the container and HEIC its HEVC-coded kind (and their -sequence forms);
    /// image/jpg, image/pjpeg, image/x-png, image/tif and image/x-tiff are old or misspelt names still in use.
    /// </summary>
    private static readonly Dictionary<string, ImageFormat> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["image/heif"] = Heic,
        ["image/heic-sequence"] = Heic,
        ["image/heif-sequence"] = Heic,
        ["image/jpg"] = Jpeg,
        ["image/pjpeg"] = Jpeg,
        ["image/x-png"] = Png,
        ["image/tif"] = Tiff,
        ["image/x-tiff"] = Tiff,
    };
}
