using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace PixTools.Api;

/// <summary>
/// Cross-origin calls from the web pages of <see cref="ApiOptions.CorsOrigins"/> (ASP.NET Core's CORS middleware): any
/// method, the request headers the API reads, and the response headers a client needs read back (where the job is,
/// how long to wait, the request id, a download's name). No origin configured: no CORS headers at all.
/// </summary>
public static class CrossOrigin
{
    public static readonly string[] RequestHeaders = ["Content-Type", "X-API-Key", "Idempotency-Key", "X-Request-ID", "Last-Event-ID", "Range"];

    public static readonly string[] ExposedHeaders = ["Location", "Retry-After", "X-Request-ID", "Content-Disposition", "Content-Range", "Accept-Ranges"];

    public static IServiceCollection AddCrossOrigin(this IServiceCollection services)
    {
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<ApiOptions>>((cors, api) =>
        {
            var origins = api.Value.CorsOrigins;
            if (origins.Length == 0) return;
            cors.AddDefaultPolicy(policy =>
            {
                if (origins.Contains("*")) policy.AllowAnyOrigin();
                else policy.WithOrigins(origins);
                policy.AllowAnyMethod().WithHeaders(RequestHeaders).WithExposedHeaders(ExposedHeaders)
                    .SetPreflightMaxAge(TimeSpan.FromHours(1));
            });
        });
        return services;
    }
}
