using System.Text.Json;
using System.Text.Json.Serialization;

namespace PixTools.Jobs.Views;

/// <summary>The JSON of GET /api/jobs/{id} (API.md), with <see cref="Progress"/> added where the contract is silent.</summary>
public sealed record JobView(
    Guid JobId,
    string Status,
    IReadOnlyList<string> Operations,
    IReadOnlyDictionary<string, string> ResultUrls,
    string? ArchiveUrl,
    JsonElement Metadata,
    string? ErrorMessage,
    string CreatedAt,
    IReadOnlyDictionary<string, OperationView> Progress,
    IReadOnlyDictionary<string, ResultView> Results);

/// <summary>
/// One finished output (API.md <c>results</c>): its download URL, format, size, bytes, the quality actually used
/// (what <c>auto</c> chose; none for PNG or lossless) and, for a denoised output, the strength used.
/// </summary>
public sealed record ResultView(
    string Url,
    string Format,
    int Width,
    int Height,
    long Bytes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Quality,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Strength);

/// <summary>
/// Where one operation stands, and what it produced: for live progress and result cards. <see cref="Strength"/>:
/// denoise's strength in force, the given one, or the automatic one once the operation has chosen it.
/// </summary>
public sealed record OperationView(
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? SizeBytes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Width,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Height,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Strength = null);
