using PixTools.Operations;

namespace PixTools.Bench;

/// <summary>sharp at one AVIF encoder effort (the other formats ignore it).</summary>
internal sealed class SharpEngine(SharpProcess sharp, int avifEffort, bool isDefaultEffort) : IEngine
{
    public string Label(BenchOperation operation) => operation.Target == ImageFormats.Avif
        ? $"sharp (effort {avifEffort}{(isDefaultEffort ? ", its default" : "")})"
        : "sharp";

    public Task<Measurement> ConvertAsync(Photo photo, BenchOperation operation) => sharp.ConvertAsync(photo, operation, avifEffort);
}
