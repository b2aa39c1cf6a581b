using Microsoft.Extensions.Options;

namespace PixTools.Operations.Denoise;

/// <summary>The denoise settings' rules beyond their ranges, named by key.</summary>
public sealed class DenoiseOptionsValidator : IValidateOptions<DenoiseOptions>
{
    public ValidateOptionsResult Validate(string? name, DenoiseOptions options)
    {
        var failures = new List<string>();
        // The model pixel-unshuffles 2×2 blocks: tiles must start and end on even pixels to line up with the
        // whole image's blocks, or tiled output would differ from whole-image output.
        if (options.TileSize % 2 != 0) failures.Add($"Denoise:TileSize must be even (the model works on 2×2 pixel blocks), got {options.TileSize}");
        if (options.Overlap % 2 != 0) failures.Add($"Denoise:Overlap must be even (the model works on 2×2 pixel blocks), got {options.Overlap}");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
