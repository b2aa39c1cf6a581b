using System.Text.RegularExpressions;
using PixTools.Observability;

namespace PixTools.Api;

/// <summary>
/// Gives every request an id: the client's X-Request-ID when it is sane, else a new one. It is echoed on the
/// response, opens the log scope and travels to the workers in each queue message.
/// </summary>
public sealed partial class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger)
{
    public const string Header = "X-Request-ID";

    public async Task InvokeAsync(HttpContext context)
    {
        var given = context.Request.Headers[Header].ToString();
        var requestId = SaneId().IsMatch(given) ? given : Guid.NewGuid().ToString("N");
        context.TraceIdentifier = requestId;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Header] = requestId;
            return Task.CompletedTask;
        });
        using (logger.BeginScope(LogScope.Of("RequestId", requestId)))
        {
            await next(context);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$")]
    private static partial Regex SaneId();
}
