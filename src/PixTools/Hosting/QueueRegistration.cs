using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using PixTools.Observability.HealthChecks;
using PixTools.Queue;
using PixTools.Worker;

namespace PixTools.Hosting;

/// <summary>Reads Queue:Provider once: the work queue, its health check and, in roles that run workers, the consumers.</summary>
public static class QueueRegistration
{
    public static IServiceCollection AddQueue(this IServiceCollection services, IConfiguration configuration, Role role)
    {
        services.AddValidatedOptions<QueueOptions>(QueueOptions.Section);
        services.AddSingleton<IValidateOptions<QueueOptions>, QueueOptionsValidator>();
        services.AddValidatedOptions<WorkerOptions>(WorkerOptions.Section);
        var provider = configuration.GetSection(QueueOptions.Section).Get<QueueOptions>()?.Provider ?? "inprocess";
        switch (provider.Trim().ToLowerInvariant())
        {
            case "inprocess":
                if (role != Role.All)
                {
                    // The in-process queue lives in one process: an api without workers, or workers without an api, would never meet.
                    throw new InvalidOperationException($"Role {role.ToString().ToLowerInvariant()} needs a queue shared between processes; Queue:Provider 'inprocess' works only with Role all");
                }
                services.AddSingleton<IWorkQueue, InProcessWorkQueue>();
                services.AddHealthChecks().AddCheck("queue", () => HealthCheckResult.Healthy("in-process"), tags: [HealthRegistration.Ready]);
                break;
            case "rabbitmq":
                services.AddSingleton<RabbitMqWorkQueue>();
                services.AddSingleton<IWorkQueue>(sp => sp.GetRequiredService<RabbitMqWorkQueue>());
                services.AddHealthChecks().AddCheck<QueueHealthCheck>("queue", tags: [HealthRegistration.Ready]);
                if (role.RunsWorkers()) services.AddHostedService<DeadLetterWorker>();
                break;
            default:
                throw new OptionsValidationException(QueueOptions.Section, typeof(QueueOptions), [$"Queue:Provider must be 'inprocess' or 'rabbitmq', got '{provider}'"]);
        }
        services.AddSingleton<OperationCatalog>();
        services.AddSingleton<RunExecutor>();
        services.AddSingleton<OperationHandler>();
        if (role.RunsWorkers()) services.AddHostedService<OperationWorker>();
        return services;
    }
}
