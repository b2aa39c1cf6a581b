namespace PixTools.Jobs;

/// <summary>What is recorded of a finished operation: its result blob (if it wrote a file) and its metadata (if any).</summary>
public sealed record OperationResultRecord(string? Key, string? ContentType, long? Bytes, int? Width, int? Height, string? MetadataJson, string? AppliedParamsJson = null);
