using Microsoft.AspNetCore.Diagnostics;
using PixTools.Observability;

namespace PixTools.Api;

/// <summary>The unexpected becomes a 500 ProblemDetails carrying the request id; the details go to the log only.</summary>
public sealed class UnhandledExceptionHandler(IProblemDetailsService problemDetails, ILogger<UnhandledExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        logger.UnhandledError(exception, httpContext.Request.Method, httpContext.Request.Path);
        httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "Internal Server Error",
                Detail = $"an unexpected error occurred; quote request id {httpContext.TraceIdentifier} when reporting it",
            },
        });
    }
}
