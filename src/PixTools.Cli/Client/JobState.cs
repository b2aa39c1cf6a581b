using System.Text.Json;

namespace PixTools.Cli.Client;

/// <summary>The parts of GET /api/jobs/{id} the client reads; <see cref="Raw"/> keeps the whole answer.</summary>
public sealed record JobState(Guid JobId, string Status, JsonElement Raw)
{
    public static readonly string[] TerminalStatuses = ["COMPLETED", "FAILED", "COMPLETED_WEBHOOK_FAILED"];

    public bool IsTerminal => TerminalStatuses.Contains(Status);

    public bool Succeeded => Status is "COMPLETED" or "COMPLETED_WEBHOOK_FAILED";

    public string? ErrorMessage => Raw.TryGetProperty("error_message", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;

    public JsonElement Metadata => Raw.TryGetProperty("metadata", out var m) ? m : default;

    public static JobState From(JsonElement json) =>
        new(json.GetProperty("job_id").GetGuid(), json.GetProperty("status").GetString() ?? "", json.Clone());

    /// <summary>The download URL of an operation (<c>result_urls</c>) or a named output (<c>results</c>).</summary>
    public string? UrlOf(string key, bool inResults)
    {
        if (inResults)
        {
            return Raw.TryGetProperty("results", out var results) && results.ValueKind == JsonValueKind.Object
                && results.TryGetProperty(key, out var result) && result.TryGetProperty("url", out var url) ? url.GetString() : null;
        }
        return Raw.TryGetProperty("result_urls", out var urls) && urls.ValueKind == JsonValueKind.Object
            && urls.TryGetProperty(key, out var value) ? value.GetString() : null;
    }

    /// <summary>The format the server made for a named output (the outputs form may say "same").</summary>
    public string? FormatOf(string key) =>
        Raw.TryGetProperty("results", out var results) && results.ValueKind == JsonValueKind.Object
        && results.TryGetProperty(key, out var result) && result.TryGetProperty("format", out var format) ? format.GetString() : null;

    /// <summary>Why one operation failed, from <c>progress</c>, if the server said.</summary>
    public string? ErrorOf(string key) =>
        Raw.TryGetProperty("progress", out var progress) && progress.ValueKind == JsonValueKind.Object
        && progress.TryGetProperty(key, out var op) && op.TryGetProperty("error", out var error) ? error.GetString() : null;
}
