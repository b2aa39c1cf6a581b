using PixTools.Intake;

namespace PixTools.Webhooks;

/// <summary>
/// Checks the optional <c>webhook_url</c> field: an absolute http:// or https:// URL with a host (API.md).
/// Only the form is checked here; where the URL points (private addresses, SSRF) is another check's job.
/// </summary>
public static class WebhookUrlValidator
{
    /// <summary>The longest accepted URL, in characters.</summary>
    public const int MaxLength = 2048;

    /// <summary>Null when the URL is acceptable or absent (null or empty); otherwise a 422 naming <paramref name="field"/> and the value.</summary>
    public static Problem? Validate(string? url, string field = "webhook_url")
    {
        if (string.IsNullOrEmpty(url)) return null;

        if (url.Length > MaxLength)
        {
            return Problem.Unprocessable($"{field} must be at most {MaxLength} characters, got {url.Length}");
        }

        // Uri.TryCreate trims surrounding spaces and, on Unix, reads "/x" as file:///x; so both are checked here.
        var acceptable = url.Trim().Length == url.Length
            && Uri.TryCreate(url, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && !string.IsNullOrEmpty(uri.Host)
            && !url.Contains('\\');
        return acceptable
            ? null
            : Problem.Unprocessable($"{field} must be an absolute http or https URL, got '{ParamReader.Shorten(url)}'");
    }
}
