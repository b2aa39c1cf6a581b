using PixTools.Operations;

namespace PixTools.Bench;

/// <summary>sharp at one AVIF encoder effort and tune (the other formats ignore them); tune "auto" is sharp's default.</summary>
internal sealed class SharpEngine(SharpProcess sharp, int avifEffort, string avifTune, bool isDefault) : IEngine
{
    public string Label(BenchOperation operation) => operation.Target == ImageFormats.Avif
        ? $"sharp (effort {avifEffort}, tune {avifTune}{(isDefault ? ", its defaults" : "")})"
        : "sharp";

    public Task<Measurement> ConvertAsync(Photo photo, BenchOperation operation) => sharp.ConvertAsync(photo, operation, avifEffort, avifTune);
}
