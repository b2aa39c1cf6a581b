using Microsoft.Extensions.Diagnostics.HealthChecks;
using PixTools.Queue;
using PixTools.Worker;

namespace PixTools.Hosting;

/// <summary>The work queue and, in roles that run workers, the consumers.</summary>
public static class QueueRegistration
{
    public static IServiceCollection AddQueue(this IServiceCollection services, Role role)
    {
        services.AddValidatedOptions<WorkerOptions>(WorkerOptions.Section);
        services.AddSingleton<IWorkQueue, InProcessWorkQueue>();
        services.AddHealthChecks().AddCheck("queue", () => HealthCheckResult.Healthy("in-process"), tags: [HealthRegistration.Ready]);
        services.AddSingleton<OperationCatalog>();
        services.AddSingleton<OperationHandler>();
        if (role.RunsWorkers()) services.AddHostedService<OperationWorker>();
        return services;
    }
}
