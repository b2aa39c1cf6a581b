using System.ComponentModel.DataAnnotations;

namespace PixTools.Operations;

/// <summary>How libvips runs and how conversions encode, section <c>Imaging</c>.</summary>
public sealed class ImagingOptions
{
    public const string Section = "Imaging";

    /// <summary>
    /// libvips worker threads per image (default 1). On the measured 2-core machine libvips' own threads gave
    /// no per-image speed-up for JPEG, WebP or PNG (1.00–1.05×) while two conversions at once gave 1.7×, so
    /// the worker runs about one conversion per core, each single-threaded (docs: ENGINE-NOTES.md).
    /// </summary>
    [Range(1, 64)]
    public int ThreadsPerImage { get; set; } = 1;

    /// <summary>
    /// Most operations the libvips operation cache keeps (default 0 = cache off). The cache pays off when the
    /// same image is processed again; a worker sees thousands of different images, so it only holds memory.
    /// </summary>
    [Range(0, 10_000)]
    public int CacheMaxOperations { get; set; }

    /// <summary>Most memory the libvips operation cache may hold, in bytes (default 0).</summary>
    [Range(0, long.MaxValue)]
    public long CacheMaxBytes { get; set; }

    /// <summary>Most files the libvips operation cache may keep open (default 0).</summary>
    [Range(0, 10_000)]
    public int CacheMaxFiles { get; set; }

    /// <summary>
    /// JPEG quality when a <c>jpg</c> operation gives none (default 80: the usual web default, as sharp and
    /// libvips use; visually clean on photos at about half the bytes of q90).
    /// </summary>
    [Range(1, 100)]
    public int JpgQuality { get; set; } = 80;

    /// <summary>WebP quality when a <c>webp</c> operation gives none (default 80, libwebp's and sharp's default).</summary>
    [Range(1, 100)]
    public int WebpQuality { get; set; } = 80;

    /// <summary>
    /// AVIF quality when an <c>avif</c> operation gives none (default 50: AVIF's scale is harsher than JPEG's;
    /// q50 looks about like JPEG q80 at a quarter of its bytes, and is libvips' and sharp's default).
    /// </summary>
    [Range(1, 100)]
    public int AvifQuality { get; set; } = 50;

    /// <summary>
    /// AV1 encoder effort, 0 (fastest) to 9 (smallest) (default 1). AVIF dominates conversion cost. Measured
    /// on this 2-core machine, one thread, q50, 12 MP: effort 0 0.9 s / 299 KB, 1 1.8 s / 271 KB,
    /// 2 3.5 s / 276 KB, 3 4.8 s / 257 KB, 4 (libvips' default) 24 s / 218 KB. Effort 1 was as small as 2 at
    /// half the time (the same on a 4 MP photo), and far under ImageMagick's default (about 0.4× of effort 4's
    /// time by ENGINE-NOTES.md, so roughly 10 s here). Raise it where bytes matter more than throughput.
    /// </summary>
    [Range(0, 9)]
    public int AvifEffort { get; set; } = 1;

    /// <summary>
    /// zlib level for PNG output, 0..9 (default 6, libvips' default). Higher levels and adaptive filters made
    /// files a little smaller at over twice the time.
    /// </summary>
    [Range(0, 9)]
    public int PngCompression { get; set; } = 6;

    /// <summary>The default quality of <paramref name="format"/>, or null for a format without one (PNG).</summary>
    public int? DefaultQuality(ImageFormat format) => format.Operation switch
    {
        OperationNames.Jpg => JpgQuality,
        OperationNames.Webp => WebpQuality,
        OperationNames.Avif => AvifQuality,
        _ => null,
    };
}
