using PixTools.Finalize;
using PixTools.Intake;
using PixTools.Intake.Admission;
using PixTools.Jobs;
using PixTools.Jobs.Views;
using PixTools.Webhooks;

namespace PixTools.Hosting;

/// <summary>
/// Batches: intake (POST /api/batches) with its admission seam, the store and view, and, in roles that run workers, the
/// two end steps that follow a batch job's own (after the job's ZIP and webhook steps): the batch ZIP, then the batch webhook.
/// </summary>
public static class BatchesRegistration
{
    public static IServiceCollection AddBatches(this IServiceCollection services, Role role)
    {
        services.AddValidatedOptions<BatchOptions>(BatchOptions.Section);
        services.AddSingleton<BatchStore>();
        services.AddSingleton<BatchViewBuilder>();
        services.AddSingleton<BatchSubmission>();
        // The backpressure a batch is admitted against, whole or not at all: the same ceiling as single jobs.
        services.AddSingleton<IBatchAdmission>(sp => sp.GetRequiredService<AdmissionControl>());
        services.AddSingleton<BatchArchiveBuilder>();

        // End steps run in registration order: this must come after AddJobEndSteps.
        services.AddSingleton<IJobEndStep, BatchEndStep>();
        if (role.RunsWorkers()) services.AddBatchWebhookEndStep();
        return services;
    }
}
