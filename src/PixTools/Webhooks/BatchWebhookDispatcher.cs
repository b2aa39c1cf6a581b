using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using PixTools.Finalize;
using PixTools.Jobs;
using PixTools.Jobs.Views;
using PixTools.Observability;
using PixTools.Webhooks.Delivery;

namespace PixTools.Webhooks;

/// <summary>
/// The one webhook of a batch (its jobs have none of their own). As an end step, after <see cref="BatchEndStep"/>, it hands
/// over the batch the job ended; consumers deliver it signed and retried as job webhooks are (Webhooks:MaxAttempts,
/// FirstRetryDelay doubling), under a claim on the batch row, each attempt recorded (GET /api/batches/{id}/webhook-deliveries), and a recovery pass every Jobs:SweepInterval resumes a
/// delivery a stopped process left. The body is the batch's view (GET /api/batches/{id}).
/// </summary>
internal sealed class BatchWebhookDispatcher(
    BatchStore batches, BatchViewBuilder views, IServiceProvider services, IOptions<WebhookOptions> options, IOptions<JobsOptions> jobsOptions,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider clock, ILogger<BatchWebhookDispatcher> logger) : BackgroundService, IJobEndStep
{
    private readonly Channel<Guid> owed = Channel.CreateUnbounded<Guid>();

    public async Task RunAsync(Job job, CancellationToken cancellationToken)
    {
        if (job.BatchId is not { } batchId) return;
        var batch = await batches.FindAsync(batchId, cancellationToken);
        if (batch is { WebhookUrl: not null, EndStepsDoneAt: not null, WebhookEndedAt: null } && batch.EndedByJobId == job.Id) owed.Writer.TryWrite(batchId);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Min(4, options.Value.MaxConcurrentDeliveries)).Select(_ => ConsumeAsync(stoppingToken)).Append(RecoverAsync(stoppingToken)));

    private async Task ConsumeAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var batchId in owed.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await DeliverAsync(batchId, stoppingToken);
                }
                catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    logger.BatchWebhookCrashed(error, batchId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task DeliverAsync(Guid batchId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!await batches.TryClaimWebhookAsync(batchId, clock.GetUtcNow().UtcDateTime + settings.LongestDelivery() + TimeSpan.FromMinutes(1), cancellationToken)) return;
        try
        {
            var batch = await batches.FindAsync(batchId, cancellationToken);
            if (batch?.WebhookUrl is not { } webhookUrl) return;
            var url = new Uri(webhookUrl);
            var view = await views.BuildAsync(batch, await batches.ListJobsAsync(batchId, cancellationToken), request: null, cancellationToken);
            var body = JsonSerializer.Serialize(view, json.Value.SerializerOptions);
            var messageId = $"msg_batch_{batchId:N}_{view.Status}";
            var sender = services.GetRequiredService<WebhookSender>();
            var delivered = await WebhookAttempts.RunAsync(sender, settings, clock, url, messageId, body, batch.WebhookAttempts, async (attempt, attemptedAt, result) =>
            {
                await batches.RecordWebhookAttemptAsync(WebhookAttemptRecord.Of(new BatchWebhookDelivery { BatchId = batchId }, attempt, attemptedAt, result), cancellationToken);
                if (result.Delivered) logger.BatchWebhookDelivered(batchId, url.Host, attempt, result.StatusCode);
                else logger.BatchWebhookAttemptFailed(batchId, attempt, url.Host, result.Outcome.ToString(), result.Error);
            }, cancellationToken);
            if (!delivered) logger.BatchWebhookGaveUp(batchId, url.Host, settings.MaxAttempts);
            await batches.EndWebhookAsync(batchId, delivered, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await batches.ReleaseWebhookClaimAsync(batchId, CancellationToken.None);
            throw;
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
                    foreach (var batchId in await batches.ListOwingWebhookAsync(100, stoppingToken)) owed.Writer.TryWrite(batchId);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    logger.BatchWebhookRecoveryFailed(error);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
