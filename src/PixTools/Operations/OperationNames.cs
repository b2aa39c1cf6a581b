namespace PixTools.Operations;

/// <summary>The operation names of the HTTP contract (API.md), exactly as clients send them.</summary>
public static class OperationNames
{
    public const string Jpg = "jpg";
    public const string Png = "png";
    public const string Webp = "webp";
    public const string Avif = "avif";
    public const string Denoise = "denoise";
    public const string Metadata = "metadata";

    /// <summary>Every known operation, in the order the contract lists them.</summary>
    public static readonly IReadOnlyList<string> All = [Jpg, Png, Webp, Avif, Denoise, Metadata];

    /// <summary>The operations that convert to an image format.</summary>
    public static readonly IReadOnlyList<string> Conversions = [Jpg, Png, Webp, Avif];
}
