namespace PixTools.Operations;

/// <summary>
/// The validated recipe of one run (an output, or the metadata operation); a null member was not given.
/// An output's file comes from <see cref="Format"/> (the old form's <c>jpg</c> … <c>denoise</c> operations are
/// outputs of their own name: <c>denoise</c> is a PNG of the denoised image).
/// </summary>
/// <param name="Quality">A fixed encoder quality 1..100 (jpg, webp, avif); after the run, the quality actually used.</param>
/// <param name="Resize">The requested size.</param>
/// <param name="Strength">Denoise first at this strength; null: no denoise. After the run, the strength used.</param>
/// <param name="Format">The output format's operation name (<c>jpg</c>, <c>png</c>, <c>webp</c>, <c>avif</c>); null for metadata.</param>
/// <param name="AutoQuality">A perceptual quality level (<c>best</c>, <c>good</c>, <c>eco</c>, <c>low</c>) the encoder searches for; null: fixed quality.</param>
/// <param name="Keep">The metadata copied to the output; null or <see cref="MetadataKeep.None"/>: none.</param>
/// <param name="Lossless">True for lossless WebP or AVIF.</param>
/// <param name="Effort">Encoder effort 0..9 on PixTools' scale (mapped per format by <c>VipsEncoder</c>); null: the configured default.</param>
public sealed record OperationParams(
    int? Quality = null,
    ResizeSpec? Resize = null,
    DenoiseStrength? Strength = null,
    string? Format = null,
    string? AutoQuality = null,
    MetadataKeep? Keep = null,
    bool? Lossless = null,
    int? Effort = null)
{
    public static readonly OperationParams None = new();
}

/// <summary>
/// A requested output size. At least one side is set; <see cref="Fit"/> matters only when both are, and
/// <see cref="Gravity"/> (which part a crop keeps) only for <c>cover</c>. <see cref="Enlarge"/> false: the picture is
/// never scaled up (see <see cref="Vips.ResizePlanner"/>).
/// </summary>
public sealed record ResizeSpec(int? Width, int? Height, ResizeFit Fit = ResizeFit.Fill, CropGravity Gravity = CropGravity.Center, bool Enlarge = true);

/// <summary>How an image goes into a box of both sides (API.md): fill is the exact size, ignoring the aspect.</summary>
public enum ResizeFit
{
    Fill,
    Inside,
    Cover,
    Contain,
}

/// <summary>
/// The part of the scaled image a <c>cover</c> crop keeps: the centre, the most interesting part (libvips'
/// attention-based smart crop), or the middle of one edge.
/// </summary>
public enum CropGravity
{
    Center,
    Smart,
    North,
    South,
    East,
    West,
}

/// <summary>The metadata an output keeps (<c>keep_metadata</c>); everything else is stripped.</summary>
[Flags]
public enum MetadataKeep
{
    None = 0,

    /// <summary>The ICC profile, kept instead of converting the pixels to sRGB.</summary>
    Icc = 1,

    /// <summary>EXIF Artist and Copyright, and the XMP rights statements.</summary>
    Copyright = 2,

    /// <summary>The EXIF GPS block.</summary>
    Gps = 4,
}

/// <summary>Denoise strength: a noise level sigma on the 0-255 scale, or null for the automatic estimate.</summary>
public sealed record DenoiseStrength(double? Sigma)
{
    public static readonly DenoiseStrength Auto = new((double?)null);
    public bool IsAuto => Sigma is null;
}
