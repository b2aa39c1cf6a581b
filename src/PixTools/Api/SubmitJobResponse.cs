namespace PixTools.Api;

/// <summary>The 202 answer of POST /api/process.</summary>
public sealed record SubmitJobResponse(Guid JobId, string Status);
