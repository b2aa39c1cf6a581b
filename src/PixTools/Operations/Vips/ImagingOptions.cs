using System.ComponentModel.DataAnnotations;

namespace PixTools.Operations.Vips;

/// <summary>How libvips runs and how conversions encode, section <c>Imaging</c>.</summary>
public sealed class ImagingOptions
{
    public const string Section = "Imaging";

    /// <summary>
    /// libvips worker threads per image (default 1). On the measured 2-core machine libvips' own threads gave
    /// no per-image speed-up for JPEG, WebP or PNG (1.00–1.05×) while two conversions at once gave 1.7×, so
    /// the worker runs about one conversion per core, each single-threaded (docs/engine-notes.md).
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
    /// AVIF quality when an <c>avif</c> operation gives none (default 60). On the <see cref="AvifTune"/> ssim scale,
    /// q60 gave the picture quality of q50 on libheif 1.23's own <c>iq</c> scale (the default of sharp and libvips
    /// 8.18): the same or higher SSIM on 6 of the 7 test photos at 1920 wide, at a median 0.91× the bytes; q50 ssim
    /// is about 1 dB PSNR below that. JPEG q80 is still sharper (SSIM 0.990 against 0.985 on coffee.png) at 3–11× the bytes.
    /// </summary>
    [Range(1, 100)]
    public int AvifQuality { get; set; } = 60;

    /// <summary>
    /// AV1 encoder effort, 0 (fastest) to 9 (smallest) (default 3); libvips hands aom speed 9 − effort, so 3 is aom's
    /// speed 6, the default of libheif and of ImageMagick's AVIF. AVIF dominates conversion cost. Measured here with
    /// <see cref="AvifTune"/> ssim on the 7 test photos at 1920 wide, each engine on one core, against ImageMagick 6
    /// (libheif 1.15, aom 3.6) on the same pixels (bench avif-match): at the same quality number effort 3 writes
    /// 0.99× ImageMagick's bytes at a higher PSNR and the same SSIM in 0.64× its time, and at the same PSNR 0.89× the
    /// bytes; effort 2 needs 1.37× the bytes at the same PSNR, effort 4 is 3–5× slower for about 0.8×. A 12 MP photo
    /// takes 1.7 s at effort 3 (0.6 s at 1, 9.6 s at 4). Lower it where throughput matters more than bytes.
    /// </summary>
    [Range(0, 9)]
    public int AvifEffort { get; set; } = 3;

    /// <summary>
    /// Largest AVIF output, in pixels (default 35,651,584: 8192 × 4352, the largest picture AV1 levels up to 6.3 allow,
    /// which every conforming decoder shows). Above it an AVIF output is refused: at upload (422) when it has no resize,
    /// else in the worker with a plain reason before anything is decoded, while the other outputs of the job go on.
    /// The AV1 encoder holds about 22 bytes per pixel (measured: a
    /// 100 MP picture took the process to 2.3 GB and 20 s, against 0.7 GB for WebP), so this also bounds a
    /// conversion's memory: at the default about 0.8 GB.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long AvifMaxPixels { get; set; } = 8192L * 4352;

    /// <summary>
    /// Largest picture any output or denoise may be scaled to, in pixels (default 100,000,000, as the upload limit):
    /// checked on the size a resize works out to, before decoding — at upload (422, naming the output) and again in the
    /// worker. A cover resize counts the scaled picture before its crop. Without it a small file could ask for gigapixels:
    /// a 20,000 × 60 strip given a height of 8,000 would be 2,666,667 × 8,000.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long MaxOutputPixels { get; set; } = 100_000_000;

    /// <summary>
    /// What the AV1 encoder optimises (default <c>ssim</c>): <c>ssim</c>, <c>psnr</c> or <c>iq</c> (aom's newer
    /// image-quality tune, libheif 1.23's own default). Each tune has its own quality scale: at q50 and 1920 wide,
    /// <c>iq</c> wrote 1.35–2.2× the bytes of <c>ssim</c>, and at the same PSNR 0.96× ImageMagick's bytes in 0.91× its
    /// time, against 0.89× and 0.65× for <c>ssim</c>. <c>ssim</c> is the tune libheif used by default for years, so a
    /// quality number means here what it means in ImageMagick and other libheif tools.
    /// </summary>
    [Required, RegularExpression("^(ssim|psnr|iq)$", ErrorMessage = "Imaging:AvifTune must be 'ssim', 'psnr' or 'iq'")]
    public string AvifTune { get; set; } = "ssim";

    /// <summary>
    /// zlib level for PNG output, 0..9 (default 6, libvips' default); a recipe's PNG effort overrides it. NetVips.Native's
    /// libpng compresses with zlib-ng, whose levels 1..6 use its fast "medium" matcher and 7..9 zlib's lazy one: on the
    /// bench photos level 7 wrote 0.97× level 6's bytes in about twice its time (bench <c>encoders --png-grid</c>).
    /// </summary>
    [Range(0, 9)]
    public int PngCompression { get; set; } = 6;

    /// <summary>
    /// JPEG with mozjpeg's trellis quantisation, overshoot deringing and ImageMagick's quantisation table (default true).
    /// At the same SSIMULACRA 2 it wrote fewer bytes on the bench photos at a higher encode time (bench encoders;
    /// bench/README.md has the table). False writes plain libjpeg-turbo-style progressive JPEG.
    /// </summary>
    public bool JpgTrellis { get; set; } = true;

    /// <summary>
    /// PNG rows filtered adaptively (each row the filter among <see cref="PngFilters"/> that predicts it best, as
    /// ImageMagick and libpng do; default true). Off writes unfiltered rows: faster, and 1.3–2× the bytes on photos
    /// (bench encoders).
    /// </summary>
    public bool PngAdaptiveFilter { get; set; } = true;

    /// <summary>
    /// The PNG row filters the adaptive choice picks from, comma-separated: <c>none</c>, <c>sub</c>, <c>up</c>,
    /// <c>avg</c>, <c>paeth</c>, or <c>all</c> for all five (default <c>sub,up</c>). libpng gives each row the listed
    /// filter with the smallest sum of residuals; with all five that is often Paeth or Average, whose residuals compress
    /// worse than Sub's and Up's. On the bench photos at level 6, <c>sub,up</c> wrote 0.99× the bytes of <c>all</c> in
    /// about 0.8× its time (bench <c>encoders --png-grid</c>). Ignored when <see cref="PngAdaptiveFilter"/> is off.
    /// </summary>
    [Required, RegularExpression(PngFilterSet.Pattern, ErrorMessage = "Imaging:PngFilters must list PNG filters (none, sub, up, avg, paeth or all), separated by commas")]
    public string PngFilters { get; set; } = "sub,up";

    /// <summary>
    /// Largest PNG output, in pixels, held in memory to check whether it is grey stored as colour (default 8,000,000: 24 MB
    /// for RGB, 32 MB with alpha; the conversion's peak memory stays that of the WebP and AVIF encoders, which hold the whole picture too); a grey one is written as one band. Holding costs memory, not time: the pixels are decoded
    /// once either way. A larger picture is checked only when a look at its source file (its top rows, or a thumbnail of a
    /// progressive or interlaced file) shows no colour: on the 7 bench photos the held check took 17 ms in all, a look at
    /// every source file 130–190 ms (a progressive 6 MP JPEG alone 60 ms). 0 always looks at the source first.
    /// </summary>
    [Range(0, long.MaxValue)]
    public long PngGreyCheckMaxPixels { get; set; } = 8_000_000;

    /// <summary>
    /// The HEIC/HEIF decoder: a path, or a command name looked for on PATH at start (default <c>heif-convert</c>, from
    /// Debian's libheif-examples, with the libde265 HEVC decoder). When it is missing HEIC uploads are refused with 415.
    /// </summary>
    [Required]
    public string HeifConvertPath { get; set; } = "heif-convert";

    /// <summary>Longest one HEIC decode may take (default 30 s); the decoder is stopped and the operation fails after it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan HeifConvertTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Bytes of decoded HEIC pictures (the PNGs heif-convert writes) a process keeps for 30 s, so that the outputs of one
    /// upload decode it once between them (default 64 MiB, about three 12-megapixel iPhone photos; 0 = decode for every
    /// output). A picture larger than this is not kept.
    /// </summary>
    [Range(0, 1L << 30)]
    public long HeicDecodeCacheBytes { get; set; } = 64L << 20;

    /// <summary>The default quality of <paramref name="format"/>, or null for a format without one (PNG).</summary>
    public int? DefaultQuality(ImageFormat format) => format.Operation switch
    {
        OperationNames.Jpg => JpgQuality,
        OperationNames.Webp => WebpQuality,
        OperationNames.Avif => AvifQuality,
        _ => null,
    };

    /// <summary>
    /// Niceness of the threads that convert and denoise, 0..19 (default 10; 0 = the api's own priority). On a machine
    /// whose cores the workers saturate, the api's threads are then served first: uploads are accepted in milliseconds
    /// while conversions use every cycle left (see <see cref="BackgroundCpu"/>). Where api and workers run on separate
    /// machines it changes nothing.
    /// </summary>
    [Range(0, 19)]
    public int WorkNice { get; set; } = 10;
}
