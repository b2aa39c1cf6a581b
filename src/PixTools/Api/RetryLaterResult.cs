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
        return TypedResults.Problem(detail: detail, statusCode: statusCode).ExecuteAsync(httpContext);
    }
}
