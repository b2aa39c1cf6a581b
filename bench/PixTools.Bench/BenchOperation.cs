using PixTools.Operations;

namespace PixTools.Bench;

/// <summary>One row group of the engines table: a target format, its quality and an optional resize to a width.</summary>
internal sealed record BenchOperation(string Name, ImageFormat Target, int? Quality, int? ResizeWidth)
{
    /// <summary>The operations: each target at its default quality resized to 1920 wide, and WebP at full size.</summary>
    public static readonly IReadOnlyList<BenchOperation> All =
    [
        new("jpg q80 1920w", ImageFormats.Jpeg, 80, 1920),
        new("webp q80 1920w", ImageFormats.Webp, 80, 1920),
        new("png 1920w", ImageFormats.Png, null, 1920),
        new("avif q50 1920w", ImageFormats.Avif, 50, 1920),
        new("webp q80 full size", ImageFormats.Webp, 80, null),
    ];

    /// <summary>The short key used by <c>--ops</c>: jpg, webp, png, avif, webp-full.</summary>
    public string Key => ResizeWidth is null ? $"{Target.Extension}-full" : Target.Extension;

    /// <summary>The same operation without its resize: the cheap warm-up run.</summary>
    public BenchOperation WithoutResize() => this with { ResizeWidth = null };
}

/// <summary>What one engine did with one photo once.</summary>
/// <param name="WallMs">Elapsed time of the conversion.</param>
/// <param name="CpuMs">CPU time it used (user + system); above WallMs means more than one core was busy.</param>
internal sealed record Measurement(double WallMs, double CpuMs, long Bytes, int Width, int Height);

/// <summary>One competitor: converts a photo as an operation says and reports the time and output size.</summary>
internal interface IEngine
{
    /// <summary>The engine's row name for <paramref name="operation"/> (AVIF rows name the encoder effort).</summary>
    string Label(BenchOperation operation);

    Task<Measurement> ConvertAsync(Photo photo, BenchOperation operation);
}
