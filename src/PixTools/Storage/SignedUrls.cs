using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PixTools.Storage;

/// <summary>
/// HMAC-SHA256 signatures for the local store's download URLs: the key, the file name and the expiry
/// are signed together, so none of them can be changed without the signature failing.
/// </summary>
public sealed class SignedUrls(byte[] secret, TimeProvider clock)
{
    public const string RoutePrefix = "/api/files/";

    /// <summary>The relative URL <c>/api/files/{key}?name=..&amp;exp=..&amp;sig=..</c>.</summary>
    public string Create(string key, string fileName, TimeSpan lifetime)
    {
        var expires = clock.GetUtcNow().Add(lifetime).ToUnixTimeSeconds();
        var signature = Sign(key, fileName, expires);
        return $"{RoutePrefix}{key}?name={Uri.EscapeDataString(fileName)}&exp={expires}&sig={signature}";
    }

    /// <summary>Why the URL is refused, or null when the signature matches and has not expired.</summary>
    public string? Verify(string key, string? fileName, string? expires, string? signature)
    {
        if (string.IsNullOrEmpty(fileName) || string.IsNullOrEmpty(signature)
            || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresAt))
        {
            return "the download link is incomplete";
        }
        var expected = Encoding.ASCII.GetBytes(Sign(key, fileName, expiresAt));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature)))
        {
            return "the download link's signature is not valid";
        }
        return clock.GetUtcNow().ToUnixTimeSeconds() > expiresAt ? "the download link has expired" : null;
    }

    private string Sign(string key, string fileName, long expires)
    {
        var payload = Encoding.UTF8.GetBytes($"{key}\n{fileName}\n{expires.ToString(CultureInfo.InvariantCulture)}");
        return Convert.ToHexStringLower(HMACSHA256.HashData(secret, payload));
    }
}
