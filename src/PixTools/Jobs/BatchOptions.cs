using System.ComponentModel.DataAnnotations;

namespace PixTools.Jobs;

/// <summary>Batches (POST /api/batches), section <c>Batches</c>.</summary>
public sealed class BatchOptions
{
    public const string Section = "Batches";

    /// <summary>Most <c>file</c> parts one batch may carry (default 100); more is a 413.</summary>
    [Range(1, 10_000, ErrorMessage = "Batches:MaxFiles must be between 1 and 10000")]
    public int MaxFiles { get; set; } = 100;

    /// <summary>Most bytes all files of one batch may add up to (default 256 MiB); more is a 413. Each file is also held to Limits:MaxUploadBytes.</summary>
    [Range(1, long.MaxValue, ErrorMessage = "Batches:MaxBytes must be at least 1")]
    public long MaxBytes { get; set; } = 256L * 1024 * 1024;
}
