using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using PixTools.Finalize;
using PixTools.Jobs;
using PixTools.Observability;

namespace PixTools.Webhooks;

/// <summary>
/// The webhook end step (after the bundle, whose archive_url the payload carries; see JobEndStepsRegistration). A delivery with its
/// retries can take minutes, so the step only hands the job over and returns: the worker's operation slot is
/// not held. Consumers here run up to Webhooks:MaxConcurrentDeliveries deliveries at once.
/// Crash safety does not rest on the hand-over: the job row says a webhook is owed until it ends (WebhookEndedAt),
/// and a delivery is claimed for its longest possible duration, so a recovery pass, at start-up and every
/// Jobs:SweepInterval, picks up what a stopped process left, in this process or another.
/// </summary>
internal sealed class WebhookDispatcher(
    JobStore jobs, JobWebhookNotifier notifier, IOptions<WebhookOptions> options, IOptions<JobsOptions> jobsOptions,
    TimeProvider clock, ILogger<WebhookDispatcher> logger) : BackgroundService, IJobEndStep
{
    private const int RecoveryBatch = 100;
    // Each owed delivery carries the trace it belongs to, so its span joins the job's trace across the hand-over.
    private readonly Channel<(Guid JobId, ActivityContext Parent)> owed = Channel.CreateUnbounded<(Guid, ActivityContext)>();

    /// <summary>Hands the job over when it has a webhook_url; every terminal status the job reached is notified.</summary>
    public Task RunAsync(Job job, CancellationToken cancellationToken)
    {
        if (job.WebhookUrl is not null && job.Status is JobStatus.COMPLETED or JobStatus.FAILED) owed.Writer.TryWrite((job.Id, Activity.Current?.Context ?? default));
        return Task.CompletedTask;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.MaxConcurrentDeliveries).Select(_ => ConsumeAsync(stoppingToken)).Append(RecoverAsync(stoppingToken)));

    private async Task ConsumeAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (jobId, parent) in owed.Reader.ReadAllAsync(stoppingToken))
            {
                using var activity = PixToolsActivity.Source.StartActivity("deliver webhook", ActivityKind.Producer, parent);
                activity?.SetTag("pixtools.job_id", jobId);
                try
                {
                    await notifier.NotifyAsync(jobId, stoppingToken);
                }
                catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    logger.WebhookDeliveryCrashed(error, jobId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RecoverAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(jobsOptions.Value.SweepInterval, clock);
        try
        {
            do
            {
                try
                {
                    var resumed = await jobs.ListJobsOwingWebhookAsync(RecoveryBatch, stoppingToken);
                    foreach (var jobId in resumed) owed.Writer.TryWrite((jobId, default));
                    if (resumed.Count > 0) logger.WebhooksResumed(resumed.Count);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    logger.WebhookRecoveryFailed(error);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
