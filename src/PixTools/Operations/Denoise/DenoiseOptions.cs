using System.ComponentModel.DataAnnotations;

namespace PixTools.Operations.Denoise;

/// <summary>The denoise model and how it is run, section <c>Denoise</c>.</summary>
public sealed class DenoiseOptions
{
    public const string Section = "Denoise";

    /// <summary>
    /// The ONNX model file (default <c>Models/denoise.onnx</c>, shipped in the repository and copied beside the
    /// program). A relative path is under the program's folder. Workers that consume the <c>ml</c> queue load it at
    /// start and refuse to start without it.
    /// </summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Denoise:ModelPath is required")]
    public string ModelPath { get; set; } = "Models/denoise.onnx";

    /// <summary>
    /// The ONNX level estimator behind <c>strength=auto</c> (default <c>Models/denoise-level.onnx</c>, trained with
    /// the denoiser by tools/denoise and shipped beside it). Loaded with the model; the same rules apply.
    /// </summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Denoise:LevelModelPath is required")]
    public string LevelModelPath { get; set; } = "Models/denoise-level.onnx";

    /// <summary>
    /// ONNX Runtime threads inside one inference (default 0 = one per processor core). With
    /// <c>Worker:MlConcurrency</c> 1 (the default) the model has the cores to itself while it runs.
    /// </summary>
    [Range(0, 256, ErrorMessage = "Denoise:IntraOpThreads must be 0..256 (0 = one per core)")]
    public int IntraOpThreads { get; set; }

    /// <summary>
    /// Let ONNX Runtime's threads spin-wait between operators (default false). Spinning is a little faster on an
    /// idle machine but holds the cores while waiting, away from conversions and other processes sharing them.
    /// </summary>
    public bool AllowSpinning { get; set; }

    /// <summary>
    /// Side of the square of output pixels one inference produces (default 1024); larger images are done tile by
    /// tile, so memory is bounded by the tile, not the image. Must be even (the model works on 2×2 pixel blocks).
    /// Measured on the 2-core machine on a 2048×1536 image: CPU per megapixel 3.96 s at 512, 3.77 s at 768, 3.20 s
    /// at 1024 (less overlap computed twice), peak RSS 257, 379 and 463 MB.
    /// </summary>
    [Range(64, 4096, ErrorMessage = "Denoise:TileSize must be 64..4096")]
    public int TileSize { get; set; } = 1024;

    /// <summary>
    /// Pixels of context each tile reads beyond its own square on every side, then crops (default 32). At least
    /// the model's receptive-field radius (24 px for the shipped model) so tiles reproduce the whole-image output
    /// without seams; must be even and at least 32.
    /// </summary>
    [Range(32, 512, ErrorMessage = "Denoise:Overlap must be 32..512")]
    public int Overlap { get; set; } = 32;

    /// <summary>
    /// When a process consuming <c>ml</c> loads the model (default <see cref="DenoiseModelLoad.Auto"/>: at start where
    /// it only denoises, on the first denoise job where it also converts).
    /// </summary>
    public DenoiseModelLoad Load { get; set; } = DenoiseModelLoad.Auto;

    /// <summary>The intra-op thread count in force: <see cref="IntraOpThreads"/>, or the processor count for 0.</summary>
    public int Threads => IntraOpThreads > 0 ? IntraOpThreads : Environment.ProcessorCount;
}
