using PixTools.Observability.HealthChecks;

namespace PixTools.Hosting;

/// <summary>Health checks by depth: <see cref="Ready"/> ones gate /api/readyz, all of them /api/health.</summary>
public static class HealthRegistration
{
    public const string Ready = "ready";

    public static IServiceCollection AddPixToolsHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [Ready], timeout: TimeSpan.FromSeconds(2))
            .AddCheck<StorageHealthCheck>("storage", tags: [Ready], timeout: TimeSpan.FromSeconds(2));
        return services;
    }
}
