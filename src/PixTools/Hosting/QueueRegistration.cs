using Microsoft.Extensions.Diagnostics.HealthChecks;
using PixTools.Queue;
using PixTools.Worker;

namespace PixTools.Hosting;

/// <summary>The work queue and, in roles that run workers, the consumers.</summary>
public static class QueueRegistration
{
    public static IServiceCollection AddQueue(this IServiceCollection services, Role role)
    {
        if (role != Role.All)
        {
            // The in-process queue lives in one process: an api without workers, or workers without an api, would never meet.
            throw new InvalidOperationException($"Role {role.ToString().ToLowerInvariant()} needs a queue shared between processes; Queue:Provider 'inprocess' works only with Role all");
        }
        services.AddValidatedOptions<QueueOptions>(QueueOptions.Section);
        services.AddValidatedOptions<WorkerOptions>(WorkerOptions.Section);
        services.AddSingleton<IWorkQueue, InProcessWorkQueue>();
        services.AddHealthChecks().AddCheck("queue", () => HealthCheckResult.Healthy("in-process"), tags: [HealthRegistration.Ready]);
        services.AddSingleton<OperationCatalog>();
        services.AddSingleton<OperationHandler>();
        if (role.RunsWorkers()) services.AddHostedService<OperationWorker>();
        return services;
    }
}
