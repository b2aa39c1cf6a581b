using System.Text.Json;
using PixTools.Jobs;
using PixTools.Jobs.Views;

namespace PixTools.Webhooks;

/// <summary>
/// The JSON a webhook receives (API.md): the job's terminal status and what it produced — <c>results</c> as in
/// GET /api/jobs/{id} (per output: url, format, width, height, bytes, quality, strength), so a receiver needs no poll.
/// </summary>
internal sealed record WebhookPayload(
    Guid JobId,
    string Status,
    IReadOnlyDictionary<string, string> ResultUrls,
    string? ArchiveUrl,
    JsonElement Metadata,
    string? ErrorMessage,
    IReadOnlyDictionary<string, ResultView> Results)
{
    /// <summary>snake_case, as every PixTools JSON.</summary>
    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static WebhookPayload From(JobView view) =>
        new(view.JobId, view.Status, view.ResultUrls, view.ArchiveUrl, view.Metadata, view.ErrorMessage, view.Results);

    /// <summary>The webhook-id: stable for a job and status, so a receiver can drop repeats (retries, a resumed delivery).</summary>
    public static string MessageIdOf(Guid jobId, JobStatus status) => $"msg_{jobId:N}_{status}";

    public string Serialize() => JsonSerializer.Serialize(this, Json);
}
