using System.ComponentModel.DataAnnotations;

namespace PixTools.Intake;

/// <summary>Limits on untrusted input, section <c>Limits</c>.</summary>
public sealed class LimitsOptions
{
    public const string Section = "Limits";

    /// <summary>Largest accepted upload file, in bytes (default 10 MiB). Larger files are refused with 413.</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Largest accepted image, in pixels (width × height, default 100 MP), checked from the header before decoding.</summary>
    [Range(1, long.MaxValue)]
    public long MaxPixels { get; set; } = 100_000_000;

    /// <summary>
    /// Longest side of an accepted image, in pixels (default 65,535, as GIF's own limit; JPEG holds 65,500, WebP 16,383),
    /// checked from the header with <see cref="MaxPixels"/>. The decoders' cost grows with rows as well as with pixels: a
    /// 1 × 100,000,000 PNG (194 KB, within the pixel limit) took a worker 111 s to write as PNG, against 0.15 s at
    /// 1 × 65,535. Larger is a 422.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int MaxSide { get; set; } = 65_535;

    /// <summary>
    /// Most frames of an animation (GIF, WebP) an output that keeps every frame (a WebP) may take (default 10,000; a
    /// 20-second clip at 30 frames a second has 600). The work grows with frames as well as pixels: 100,000 frames of one
    /// pixel (a 3.7 MB GIF) took a worker 58 s to write as WebP. More is refused at upload (422) for such an output only;
    /// other outputs decode the first frame alone.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int MaxFrames { get; set; } = 10_000;

    /// <summary>Largest output side in pixels a resize may ask for (default 8192); larger is a 422.</summary>
    [Range(1, 65535)]
    public int MaxOutputSide { get; set; } = 8192;

    /// <summary>Most items the <c>outputs</c> field of one job may hold (default 10); more is a 422.</summary>
    [Range(1, 20)]
    public int MaxOutputs { get; set; } = 10;
    /// <summary>
    /// Most metadata one upload may carry, in bytes (default 8 MiB): text chunks, ICC, EXIF, XMP and comments summed,
    /// compressed ones (PNG zTXt, iTXt, iCCP) at their inflated size. More is refused at upload (422) as a bomb.
    /// </summary>
    [Range(1024, 1L << 30)]
    public long MaxMetadataBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Most metadata blocks (chunks, segments, extensions) one upload may carry (default 1000).</summary>
    [Range(1, 1_000_000)]
    public int MaxMetadataBlocks { get; set; } = 1000;

    /// <summary>
    /// Most scans (passes) a JPEG may be stored in (default 256). A baseline JPEG has one scan, a progressive one from
    /// encoders and editors about 5 to 20; a decoder goes over the whole picture once per scan, so a small file of
    /// thousands of scans is a way to keep a worker busy for minutes. More is refused at upload (422).
    /// </summary>
    [Range(1, 100_000)]
    public int MaxJpegScans { get; set; } = 256;

    /// <summary>
    /// Bytes of a request body the server reads ahead of the handler, per connection (default 64 KiB; Kestrel's own
    /// default is 1 MiB). The rest waits in the client's socket, so a crowd of simultaneous uploads is not held in memory.
    /// </summary>
    [Range(32 * 1024, 16 * 1024 * 1024)]
    public long RequestBufferBytes { get; set; } = 64 * 1024;
}
