using PixTools.Finalize;
using PixTools.Webhooks;

namespace PixTools.Hosting;

/// <summary>
/// The one list of what happens after a job reaches its terminal status, in the order it happens:
/// <see cref="JobFinalizer"/> runs the registered <see cref="IJobEndStep"/>s in registration order.
/// </summary>
public static class JobEndStepsRegistration
{
    public static IServiceCollection AddJobEndSteps(this IServiceCollection services, Role role)
    {
        services.AddSingleton<JobFinalizer>();
        services.AddValidatedOptions<ArchiveOptions>(ArchiveOptions.Section);

        // 1. The ZIP bundle of the results: records archive_url.
        services.AddSingleton<IJobEndStep, ArchiveBuilder>();

        // 2. The webhook, whose payload carries archive_url (WebhooksRegistration adds the dispatcher in these roles).
        if (role.RunsWorkers()) services.AddJobWebhookEndStep();
        return services;
    }
}
