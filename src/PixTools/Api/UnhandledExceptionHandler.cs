using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using PixTools.Intake.Admission;
using PixTools.Observability;
using PixTools.Resilience;

namespace PixTools.Api;

/// <summary>
/// The unexpected becomes a 500 ProblemDetails carrying the request id; the details go to the log only. A dependency
/// being away (database, queue or storage: see <see cref="DependencyFailures"/>) is not unexpected: it becomes a 503
/// with Retry-After, logged as one short warning at most every few seconds rather than a stack trace per request.
/// </summary>
public sealed class UnhandledExceptionHandler(IProblemDetailsService problemDetails, OutageLog outageLog, ILogger<UnhandledExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // A timeout (a cancellation the client did not ask for) is a dependency too slow to answer.
        var unavailable = DependencyFailures.IsUnavailable(exception)
            || (exception is OperationCanceledException && !httpContext.RequestAborted.IsCancellationRequested);
        int status;
        string title, detail;
        if (unavailable)
        {
            outageLog.Refused(httpContext.Request.Method, httpContext.Request.Path, exception);
            status = StatusCodes.Status503ServiceUnavailable;
            title = "Service Unavailable";
            detail = exception is DependencyUnavailableException { Message: var sentence }
                ? sentence
                : "A service PixTools depends on cannot be reached at the moment. Please try again shortly.";
            httpContext.Response.Headers.RetryAfter = AdmissionControl.OutageRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            logger.UnhandledError(exception, httpContext.Request.Method, httpContext.Request.Path);
            status = StatusCodes.Status500InternalServerError;
            title = "Internal Server Error";
            detail = $"an unexpected error occurred; quote request id {httpContext.TraceIdentifier} when reporting it";
        }
        httpContext.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}

/// <summary>Requests refused because a dependency is away: one warning per dependency error kind every 10 s, with how many were refused.</summary>
public sealed class OutageLog(TimeProvider clock, ILogger<OutageLog> logger)
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(10);
    private readonly Lock gate = new();
    private DateTimeOffset lastLogged = DateTimeOffset.MinValue;
    private int suppressed;

    public void Refused(string method, string path, Exception exception)
    {
        int count;
        lock (gate)
        {
            var now = clock.GetUtcNow();
            if (now - lastLogged < Every)
            {
                suppressed++;
                return;
            }
            lastLogged = now;
            count = suppressed + 1;
            suppressed = 0;
        }
        var root = exception;
        while (root.InnerException is not null && root is not DependencyUnavailableException) root = root.InnerException;
        logger.DependencyUnavailableRefusals(count, method, path, $"{root.GetType().Name}: {root.Message}");
    }
}
