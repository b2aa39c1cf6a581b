using System.Globalization;

namespace PixTools.Api;

/// <summary>A ProblemDetails answer (503 or 429) with a Retry-After header in whole seconds.</summary>
public sealed class RetryLaterResult(int statusCode, string detail, int retryAfterSeconds) : IResult
{
    public int StatusCode => statusCode;

    public int RetryAfterSeconds => retryAfterSeconds;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = Math.Max(1, retryAfterSeconds).ToString(CultureInfo.InvariantCulture);
        // ASP.NET has a default problem type for 503 but none for 429: RFC 6585 defines it.
        var type = statusCode == StatusCodes.Status429TooManyRequests ? "https://tools.ietf.org/html/rfc6585#section-4" : null;
        return TypedResults.Problem(detail: detail, statusCode: statusCode, type: type).ExecuteAsync(httpContext);
    }
}
