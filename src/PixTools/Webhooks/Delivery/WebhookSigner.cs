using System.Security.Cryptography;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace PixTools.Webhooks.Delivery;

/// <summary>
/// Standard Webhooks signatures (https://www.standardwebhooks.com): HMAC-SHA256 over
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c> with the configured secret, sent as <c>v1,{base64}</c>.
/// </summary>
internal sealed class WebhookSigner(string secret)
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";
    private const string Prefix = "whsec_";

    private readonly StandardWebhook webhook = new(secret);

    /// <summary>The three headers of one signed delivery; the timestamp is the attempt's, so each retry is signed afresh.</summary>
    public IReadOnlyDictionary<string, string> Headers(string messageId, DateTimeOffset timestamp, string body) => new Dictionary<string, string>
    {
        [IdHeader] = messageId,
        [TimestampHeader] = timestamp.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        [SignatureHeader] = webhook.Sign(messageId, timestamp, body),
    };

    /// <summary>Whether the headers carry a valid signature of the body, made within the last 5 minutes (the library's tolerance).</summary>
    public bool Verify(string body, IHeaderDictionary headers)
    {
        try
        {
            webhook.Verify(body, headers);
            return true;
        }
        catch (WebhookVerificationException)
        {
            return false;
        }
    }

    /// <summary>A new secret of 32 random bytes.</summary>
    public static string NewSecret() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static bool IsValidSecret(string secret)
    {
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var buffer = new byte[secret.Length];
        return Convert.TryFromBase64String(secret[Prefix.Length..], buffer, out var length) && length is >= 24 and <= 64;
    }
}
