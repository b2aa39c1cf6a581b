namespace PixTools.Operations.Convert;

/// <summary>
/// How one output is encoded, beyond its format: what a recipe's output may set (issue 18). Null means the format's
/// configured default (<see cref="Vips.ImagingOptions"/>).
/// </summary>
/// <param name="Quality">Encoder quality 1..100 for jpg, webp and avif; ignored for png and for lossless output.</param>
/// <param name="Lossless">
/// WebP: libwebp's lossless mode. AVIF: lossless AV1 (4:4:4, identity matrix). PNG is always lossless; JPEG has no
/// lossless mode (the encoder refuses nothing, the caller should).
/// </param>
/// <param name="Effort">
/// 0 (fastest) .. 9 (smallest). AVIF: libvips' effort (aom speed 9 − effort), default Imaging:AvifEffort. WebP: libwebp's
/// method 0..6 (7..9 mean 6), default 4. PNG: the zlib level, default Imaging:PngCompression. JPEG: ignored.
/// </param>
/// <param name="FullChroma">
/// JPEG: keep colour at full resolution (4:4:4) at every quality; otherwise libvips subsamples it (4:2:0) below q90.
/// Not a recipe key: the automatic-quality search chooses it where it reaches the target in fewer bytes.
/// </param>
public sealed record EncodeSettings(int? Quality = null, bool Lossless = false, int? Effort = null, bool FullChroma = false)
{
    /// <summary>The formats' defaults.</summary>
    public static readonly EncodeSettings Default = new();

    /// <summary>True when <paramref name="format"/> can write this losslessly (png always; webp and avif when asked).</summary>
    public static bool CanBeLossless(ImageFormat format) => format.Operation != OperationNames.Jpg;
}
