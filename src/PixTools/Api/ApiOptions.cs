using System.ComponentModel.DataAnnotations;

namespace PixTools.Api;

/// <summary>The HTTP API, section <c>Api</c>.</summary>
public sealed class ApiOptions : IValidatableObject
{
    public const string Section = "Api";

    /// <summary>When set, POST /api/process and GET /api/jobs/* require it in the X-API-Key header (probes, /metrics and downloads never do).</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Web pages on these origins (<c>https://app.example.com</c>, scheme and host and port only) may call the API from
    /// the browser (CORS); <c>*</c> allows every origin. Empty (the default): only the page this server serves.
    /// </summary>
    public string[] CorsOrigins { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var origin in CorsOrigins)
        {
            if (origin == "*") continue;
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || uri.PathAndQuery != "/" || origin.EndsWith('/') || uri.UserInfo.Length > 0)
            {
                yield return new ValidationResult(
                    $"Api:CorsOrigins: '{origin}' is not an origin; give a scheme and host (and port), such as https://app.example.com, or *",
                    [nameof(CorsOrigins)]);
            }
        }
    }
}
