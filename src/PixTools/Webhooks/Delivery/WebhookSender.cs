using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Options;
using PixTools.Jobs;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace PixTools.Webhooks.Delivery;

/// <summary>
/// Sends one signed webhook request and says what happened. The typed HttpClient behind it (see
/// Hosting/WebhooksRegistration) carries the attempt timeout and a circuit breaker per destination authority, does
/// not follow redirects, uses no proxy, and connects only to allowed addresses (<see cref="WebhookConnector"/>).
/// Retries are the caller's (<see cref="JobWebhookNotifier"/>), so that every attempt is recorded on its own.
/// </summary>
internal sealed class WebhookSender(HttpClient http, WebhookSigner signer, WebhookInboxes inboxes, IOptions<WebhookOptions> options, TimeProvider clock)
{
    public const string UserAgent = "PixTools-Webhooks/1.0";

    public Task<WebhookAttempt> SendAsync(Uri url, string messageId, WebhookPayload payload, CancellationToken cancellationToken) =>
        SendAsync(url, messageId, payload.Serialize(), cancellationToken);

    /// <summary>Sends a JSON body (a batch's webhook) signed and guarded the same way.</summary>
    public async Task<WebhookAttempt> SendAsync(Uri url, string messageId, string body, CancellationToken cancellationToken)
    {
        var headers = signer.Headers(messageId, clock.GetUtcNow(), body);
        var started = clock.GetTimestamp();
        long Elapsed() => (long)clock.GetElapsedTime(started).TotalMilliseconds;

        if (WebhookInboxes.InboxIdOf(url) is { } inboxId && await DeliverToInboxAsync(inboxId, headers, body, cancellationToken))
        {
            return new WebhookAttempt(WebhookOutcome.Delivered, StatusCodes.Status204NoContent, Elapsed(), null);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        request.Headers.UserAgent.ParseAdd(UserAgent);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode) return new WebhookAttempt(WebhookOutcome.Delivered, status, Elapsed(), null);
            var error = status is >= 300 and < 400 ? $"HTTP {status}: redirects are not followed" : $"HTTP {status}";
            return new WebhookAttempt(WebhookOutcome.HttpError, status, Elapsed(), error);
        }
        catch (BrokenCircuitException)
        {
            return new WebhookAttempt(WebhookOutcome.CircuitOpen, null, Elapsed(), "circuit open");
        }
        catch (TimeoutRejectedException)
        {
            return new WebhookAttempt(WebhookOutcome.Timeout, null, Elapsed(), $"no answer within {options.Value.Timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException error) when (RefusalIn(error) is { } refusal)
        {
            return new WebhookAttempt(WebhookOutcome.Refused, null, Elapsed(), refusal.Message);
        }
        catch (HttpRequestException error)
        {
            return new WebhookAttempt(WebhookOutcome.Unreachable, null, Elapsed(), Shorten(error.Message));
        }
    }

    private Task<bool> DeliverToInboxAsync(Guid inboxId, IReadOnlyDictionary<string, string> signed, string body, CancellationToken cancellationToken)
    {
        var headers = new HeaderDictionary
        {
            ["content-type"] = "application/json; charset=utf-8",
            ["user-agent"] = UserAgent,
        };
        foreach (var (name, value) in signed) headers[name] = value;
        return inboxes.ReceiveAsync(inboxId, headers, body, cancellationToken);
    }

    private static WebhookAddressRefusedException? RefusalIn(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e is WebhookAddressRefusedException refusal) return refusal;
        }
        return null;
    }

    private static string Shorten(string message) => message.Length <= 300 ? message : message[..300] + "…";
}
