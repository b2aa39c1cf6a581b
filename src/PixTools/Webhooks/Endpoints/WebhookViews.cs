using System.Text.Json;
using System.Text.Json.Serialization;
using PixTools.Jobs;

namespace PixTools.Webhooks.Endpoints;

/// <summary>GET /api/jobs/{id}/webhook-deliveries: every attempt to deliver the job's webhook, oldest first.</summary>
internal sealed record WebhookDeliveriesView(Guid JobId, IReadOnlyList<WebhookAttemptView> Deliveries);

/// <summary>One attempt; <c>outcome</c> is delivered, http_error, timeout, unreachable, refused or circuit_open.</summary>
internal sealed record WebhookAttemptView(int Attempt, string AttemptedAt, int? StatusCode, long LatencyMs, string? Error, string Outcome);

/// <summary>The body of POST /api/webhooks/test.</summary>
internal sealed record WebhookTestRequest(string? Url);

/// <summary>The answer of POST /api/webhooks/test: what the one signed sample delivery did.</summary>
internal sealed record WebhookTestResult(bool Delivered, int? StatusCode, long LatencyMs, string? Error);

/// <summary>A built-in inbox: its id, the URL to give as webhook_url, when it expires, and (on GET) what it received.</summary>
internal sealed record WebhookInboxView(
    Guid Id, string Url, string ExpiresAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<WebhookInboxDeliveryView>? Deliveries);

/// <summary>One request an inbox received; <c>body</c> is the raw text as sent.</summary>
internal sealed record WebhookInboxDeliveryView(string ReceivedAt, IReadOnlyDictionary<string, string> Headers, string Body, bool SignatureValid);

/// <summary>Shared formatting of the webhook views.</summary>
internal static class WebhookViewFormat
{
    public static string Time(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static string Outcome(PixTools.Jobs.WebhookOutcome outcome) => JsonNamingPolicy.SnakeCaseLower.ConvertName(outcome.ToString());
}

/// <summary>GET /api/batches/{id}/webhook-deliveries: the delivery's state (none, pending, delivered, failed) and every attempt, oldest first.</summary>
internal sealed record BatchWebhookDeliveriesView(Guid BatchId, string State, IReadOnlyList<WebhookAttemptView> Deliveries);
