using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PixTools.Intake;
using PixTools.Jobs;

namespace PixTools.Webhooks.Endpoints;

/// <summary>
/// The webhook sandbox's inboxes: POST /api/webhook-inboxes creates one, GET /api/webhook-inboxes/{id} lists what it
/// received, and POST /api/webhook-inboxes/{id}/deliveries is the receiver (no API key: senders do not have it).
/// </summary>
internal static class WebhookInboxEndpoints
{
    public static async Task<Created<WebhookInboxView>> CreateAsync(
        JobStore jobs, WebhookInboxes inboxes, IOptions<JobsOptions> options, HttpRequest request, CancellationToken cancellationToken)
    {
        var inbox = await jobs.CreateInboxAsync(cancellationToken);
        return TypedResults.Created($"/api/webhook-inboxes/{inbox.Id}", ViewOf(inbox, inboxes, options.Value, request, deliveries: null));
    }

    public static async Task<Results<Ok<WebhookInboxView>, ProblemHttpResult>> GetAsync(
        string inboxId, JobStore jobs, WebhookInboxes inboxes, IOptions<JobsOptions> options, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(inboxId, out var id)) return BadId(inboxId);
        if (await jobs.FindInboxAsync(id, withDeliveries: true, cancellationToken) is not { } inbox) return NotFound(id);
        var deliveries = inbox.Deliveries.Select(d => new WebhookInboxDeliveryView(
            WebhookViewFormat.Time(d.ReceivedAt),
            JsonSerializer.Deserialize<Dictionary<string, string>>(d.HeadersJson) ?? [],
            d.Body,
            d.SignatureValid)).ToList();
        return TypedResults.Ok(ViewOf(inbox, inboxes, options.Value, request, deliveries));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> ReceiveAsync(
        string inboxId, WebhookInboxes inboxes, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(inboxId, out var id)) return BadId(inboxId);
        if (request.ContentLength > WebhookInboxes.MaxBodyBytes) return TooLarge(request.ContentLength.Value);
        var bytes = await ReadBoundedAsync(request.Body, WebhookInboxes.MaxBodyBytes, cancellationToken);
        if (bytes is null) return TooLarge(null);
        var body = Encoding.UTF8.GetString(bytes);
        return await inboxes.ReceiveAsync(id, request.Headers, body, cancellationToken) ? TypedResults.NoContent() : NotFound(id);
    }

    private static WebhookInboxView ViewOf(WebhookInbox inbox, WebhookInboxes inboxes, JobsOptions options, HttpRequest request, IReadOnlyList<WebhookInboxDeliveryView>? deliveries) =>
        new(inbox.Id, inboxes.UrlOf(inbox.Id, request), WebhookViewFormat.Time(inbox.CreatedAt + options.Retention), deliveries);

    /// <summary>The body, or null when it is longer than <paramref name="limit"/> bytes (a chunked body has no Content-Length).</summary>
    private static async Task<byte[]?> ReadBoundedAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static ProblemHttpResult BadId(string value) => Problem.NotAUuid("inbox id", value).ToHttpResult();

    private static ProblemHttpResult NotFound(Guid id) => Problem.NotFound($"webhook inbox {id} was not found (it may have expired)").ToHttpResult();

    private static ProblemHttpResult TooLarge(long? length) => Problem.TooLarge($"body must be at most {WebhookInboxes.MaxBodyBytes} bytes{(length is { } n ? $", got {n}" : "")}").ToHttpResult();
}
