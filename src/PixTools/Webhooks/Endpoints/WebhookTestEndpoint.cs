using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using PixTools.Intake;
using PixTools.Jobs;
using PixTools.Jobs.Views;
using PixTools.Webhooks.Delivery;

namespace PixTools.Webhooks.Endpoints;

/// <summary>
/// POST /api/webhooks/test {"url"}: sends one signed sample delivery now (no retry, the same SSRF rules and
/// circuit breakers as job webhooks) and answers what happened; 422 for a URL a job would refuse.
/// </summary>
internal static class WebhookTestEndpoint
{
    private static readonly JsonElement SampleMetadata = JsonDocument.Parse("""{"camera_make":"PixTools","camera_model":"Sample"}""").RootElement;

    public static async Task<Results<Ok<WebhookTestResult>, ProblemHttpResult>> HandleAsync(
        WebhookTestRequest? body, WebhookAddressGuard guard, WebhookSender sender, PublicBaseUrl baseUrl, HttpRequest request, CancellationToken cancellationToken)
    {
        var url = body?.Url;
        if (string.IsNullOrEmpty(url)) return Problem.Unprocessable("url is required").ToHttpResult();
        if (WebhookUrlValidator.Validate(url, "url") is { } syntax) return syntax.ToHttpResult();
        if (await guard.CheckSubmittedAsync(url, "url", cancellationToken) is { } ssrf) return ssrf.ToHttpResult();

        var attempt = await sender.SendAsync(new Uri(url), $"msg_test_{Guid.NewGuid():N}", Sample(baseUrl.For(request)), cancellationToken);
        return TypedResults.Ok(new WebhookTestResult(attempt.Delivered, attempt.StatusCode, attempt.LatencyMs, attempt.Error));
    }

    /// <summary>A COMPLETED payload of the all-zero job id, with result URLs that look real but lead nowhere.</summary>
    public static WebhookPayload Sample(string baseUrl)
    {
        var webp = $"{baseUrl}/api/files/sample/pixtools_webp_sample.webp";
        return new(
            Guid.Empty,
            nameof(JobStatus.COMPLETED),
            new Dictionary<string, string> { ["webp"] = webp },
            $"{baseUrl}/api/files/sample/pixtools_sample.zip",
            SampleMetadata,
            null,
            new Dictionary<string, Jobs.Views.ResultView> { ["webp"] = new(webp, "webp", 1920, 1280, 231_004, 80, null) });
    }
}
