using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PixTools.Hosting;

namespace PixTools.Api;

/// <summary>
/// /api/livez (the process is up), /api/readyz (database and queue reachable) and /api/health (also storage);
/// 503 with each dependency's state when one is down.
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/api/livez", Options(_ => false));
        app.MapHealthChecks("/api/readyz", Options(check => check.Tags.Contains(HealthRegistration.Ready)));
        app.MapHealthChecks("/api/health", Options(_ => true));
        return app;
    }

    private static HealthCheckOptions Options(Func<HealthCheckRegistration, bool> predicate) => new()
    {
        Predicate = predicate,
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status200OK,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
        ResponseWriter = WriteAsync,
    };

    /// <summary>API.md's shape: {"status": "healthy"|"unhealthy", "dependencies": {"database": "ok", ...}}.</summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var body = new
        {
            status = report.Status == HealthStatus.Unhealthy ? "unhealthy" : "healthy",
            dependencies = report.Entries.ToDictionary(
                e => e.Key,
                e => e.Value.Status == HealthStatus.Unhealthy ? $"error: {e.Value.Description}" : "ok"),
        };
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
