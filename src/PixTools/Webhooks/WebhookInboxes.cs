using System.Text.Json;
using System.Text.RegularExpressions;
using PixTools.Jobs;
using PixTools.Jobs.Views;
using PixTools.Webhooks.Delivery;

namespace PixTools.Webhooks;

/// <summary>
/// The built-in webhook receivers. An inbox's URL is accepted as a webhook_url wherever PixTools runs (localhost
/// included) because a delivery to one never goes over the network: <see cref="WebhookSender"/> recognises the
/// path of an existing inbox and hands the signed request to <see cref="ReceiveAsync"/> in-process, which is
/// also what the HTTP receive endpoint calls. The host part is trusted for nothing.
/// </summary>
internal sealed partial class WebhookInboxes(JobStore jobs, WebhookSigner signer, PublicBaseUrl baseUrl)
{
    /// <summary>Largest body an inbox stores.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    /// <summary>Deliveries kept per inbox; older ones make room.</summary>
    public const int MaxDeliveries = 100;

    /// <summary>Headers never stored: credentials a sender might add.</summary>
    private static readonly HashSet<string> Withheld = new(StringComparer.OrdinalIgnoreCase) { "Authorization", "Cookie", "Proxy-Authorization", "X-API-Key" };

    public string UrlOf(Guid inboxId, HttpRequest? request) => $"{baseUrl.For(request)}/api/webhook-inboxes/{inboxId}/deliveries";

    /// <summary>The inbox id when <paramref name="url"/> has the path of an inbox's receive endpoint.</summary>
    public static Guid? InboxIdOf(Uri url)
    {
        var match = ReceivePath().Match(url.AbsolutePath);
        return match.Success && Guid.TryParse(match.Groups[1].Value, out var id) ? id : null;
    }

    /// <summary>Whether the URL is the receive endpoint of an inbox that exists here.</summary>
    public async Task<bool> IsInboxUrlAsync(string url, CancellationToken cancellationToken) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && InboxIdOf(uri) is { } id
        && await jobs.FindInboxAsync(id, withDeliveries: false, cancellationToken) is not null;

    /// <summary>Stores a received request with whether its signature verifies; false when the inbox is unknown or expired.</summary>
    public async Task<bool> ReceiveAsync(Guid inboxId, IHeaderDictionary headers, string body, CancellationToken cancellationToken)
    {
        if (await jobs.FindInboxAsync(inboxId, withDeliveries: false, cancellationToken) is null) return false;
        var kept = headers.Where(h => !Withheld.Contains(h.Key)).ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        await jobs.AddInboxDeliveryAsync(new WebhookInboxDelivery
        {
            InboxId = inboxId,
            HeadersJson = JsonSerializer.Serialize(kept),
            Body = body,
            SignatureValid = signer.Verify(body, headers),
        }, MaxDeliveries, cancellationToken);
        return true;
    }

    [GeneratedRegex("^/api/webhook-inboxes/([0-9a-fA-F-]{32,36})/deliveries/?$")]
    private static partial Regex ReceivePath();
}
