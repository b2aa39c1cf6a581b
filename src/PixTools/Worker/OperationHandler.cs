using System.Diagnostics;
using Microsoft.Extensions.Options;
using PixTools.Finalize;
using PixTools.Jobs;
using PixTools.Observability;
using PixTools.Operations;
using PixTools.Operations.Vips;
using PixTools.Queue;
using PixTools.Resilience;

namespace PixTools.Worker;

/// <summary>
/// Handles one delivery: one run of one job (an output or the metadata operation), step by step; for an output that
/// denoises, every not-done output of the job sharing its denoise (<see cref="RunDispatch.SharesDenoise"/>), so the
/// model runs once for them. Safe to run twice for the same message: a done run is skipped and a result always lands
/// on the same key.
/// </summary>
public sealed class OperationHandler(
    JobStore jobs,
    RunExecutor executor,
    JobFinalizer finalizer,
    IOptions<WorkerOptions> options,
    IOptions<JobsOptions> jobsOptions,
    TimeProvider clock,
    ILogger<OperationHandler> logger)
{
    /// <summary>
    /// Handles the delivery; while the database, storage or broker is away (<see cref="DependencyFailures"/>) it waits
    /// with backoff (0.5 s doubling to 10 s) and starts again, for up to Worker:DependencyRetryBudget, holding the message
    /// (so no new work is taken meanwhile) and without spending the operation's attempts (Worker:MaxDeliveries).
    /// </summary>
    public async Task<DeliveryOutcome> HandleAsync(WorkDelivery delivery, CancellationToken cancellationToken)
    {
        var budgetEnds = clock.GetUtcNow() + options.Value.DependencyRetryBudget;
        for (var wait = 0; ; wait++)
        {
            try
            {
                return await HandleOnceAsync(delivery, budgetEnds, cancellationToken);
            }
            catch (Exception error) when (DependencyFailures.IsUnavailable(error) && clock.GetUtcNow() < budgetEnds && !cancellationToken.IsCancellationRequested)
            {
                var delay = TimeSpan.FromMilliseconds(Math.Min(10_000, 500 * Math.Pow(2, Math.Min(wait, 5))));
                logger.OperationWaitingForDependency(delivery.Message.JobId, delivery.Message.Operation, delay, error.GetBaseException().Message);
                await Task.Delay(delay, clock, cancellationToken);
            }
        }
    }

    private async Task<DeliveryOutcome> HandleOnceAsync(WorkDelivery delivery, DateTimeOffset budgetEnds, CancellationToken cancellationToken)
    {
        var (jobId, operation, requestId, enqueuedAt, traceParent, _) = delivery.Message;
        using var activity = PixToolsActivity.StartFromMessage($"operation {operation}", traceParent);
        activity?.SetTag("pixtools.job_id", jobId).SetTag("pixtools.operation", operation).SetTag("pixtools.delivery", delivery.DeliveryCount);
        using var scope = logger.BeginScope(new LogScope(new("JobId", jobId), new("RequestId", requestId), new("Operation", operation)));
        if (enqueuedAt is { } sent)
        {
            PixToolsMetrics.QueueWait.WithLabels(QueueNames.For(delivery.Message)).Observe(Math.Max(0, (clock.GetUtcNow().UtcDateTime - sent).TotalSeconds));
        }

        // 1. Load the job; a pruned or ended job, or done runs, need nothing more. Start this run and, when it
        // denoises, the others sharing its denoise.
        var job = await jobs.FindAsync(jobId, cancellationToken);
        var run = job?.Runs.SingleOrDefault(r => r.Operation == operation);
        var started = new List<OperationRun>();
        if (job is not null && run is not null && !job.Status.IsTerminal())
        {
            foreach (var member in RunExecutor.GroupOf(job, run).Where(m => !m.IsDone))
            {
                if (await jobs.TryStartOperationAsync(jobId, member.Operation, cancellationToken, () => logger.JobProcessing(jobId))) started.Add(member);
            }
        }
        if (job is null || started.Count == 0)
        {
            logger.OperationSkipped(jobId, operation);
            if (job is not null && !job.Status.IsTerminal()) await finalizer.TryFinalizeAsync(jobId, cancellationToken);
            return DeliveryOutcome.Ack;
        }
        foreach (var member in started) logger.OperationStarted(jobId, member.Operation, delivery.DeliveryCount);

        try
        {
            // 2. Run and store what each run made; 3. record them; 4. fan in.
            var watch = Stopwatch.StartNew();
            IReadOnlyList<(OperationRun Run, OperationResultRecord Result)> results;
            await using (RunHeartbeat.Start(jobs, jobId, [.. started.Select(m => m.Operation)], jobsOptions.Value, clock, logger, cancellationToken))
            {
                results = await executor.RunAsync(job, started, cancellationToken);
            }
            foreach (var (member, result) in results)
            {
                await jobs.RecordSucceededAsync(jobId, member.Operation, result, cancellationToken);
                PixToolsMetrics.OperationDuration.WithLabels(RunExecutor.MetricName(member)).Observe(watch.Elapsed.TotalSeconds);
                PixToolsMetrics.JobsProcessed.WithLabels(RunExecutor.MetricName(member), "succeeded").Inc();
                logger.OperationSucceeded(jobId, member.Operation, watch.ElapsedMilliseconds);
            }
        }
        catch (ImageInputException bad)
        {
            activity?.SetStatus(ActivityStatusCode.Error, bad.Message);
            foreach (var member in started)
            {
                logger.OperationInputRejected(jobId, member.Operation, bad.Message);
                PixToolsMetrics.JobsProcessed.WithLabels(RunExecutor.MetricName(member), "failed").Inc();
                await jobs.RecordFailedAsync(jobId, member.Operation, $"operation {member.Operation} failed: {bad.Message}", cancellationToken);
            }
        }
        catch (Exception error) when ((error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            && !(DependencyFailures.IsUnavailable(error) && clock.GetUtcNow() < budgetEnds))
        {
            if (delivery.DeliveryCount < options.Value.MaxDeliveries)
            {
                var delay = options.Value.RetryBaseDelay * Math.Pow(2, delivery.DeliveryCount - 1);
                logger.OperationRetrying(error, jobId, operation, delivery.DeliveryCount, delay);
                return DeliveryOutcome.RetryAfter(delay);
            }
            logger.OperationGaveUp(error, jobId, operation, delivery.DeliveryCount);
            activity?.SetStatus(ActivityStatusCode.Error, error.Message);
            foreach (var member in started)
            {
                PixToolsMetrics.JobsProcessed.WithLabels(RunExecutor.MetricName(member), "failed").Inc();
                await jobs.RecordFailedAsync(jobId, member.Operation,
                    $"operation {member.Operation} failed after {delivery.DeliveryCount} attempts: {GaveUpReason(error, requestId)}", cancellationToken);
            }
        }
        await finalizer.TryFinalizeAsync(jobId, cancellationToken);
        return DeliveryOutcome.Ack;
    }

    /// <summary>
    /// What a job's error_message says of a failure that is not the image's (those are <see cref="ImageInputException"/>
    /// with their own plain reason): a <see cref="ServerFailureException"/>'s message, written for people; otherwise not
    /// the exception's text ("Offset and length were out of bounds for the array…"), which is for the log line that
    /// <see cref="Log.OperationGaveUp"/> writes with it.
    /// </summary>
    internal static string GaveUpReason(Exception error, string? requestId) => error switch
    {
        ServerFailureException written => written.Message,
        _ when DependencyFailures.IsUnavailable(error) => "the server's database, queue or storage stayed unavailable; please submit it again",
        _ => $"an unexpected error occurred on the server; quote {(requestId is null ? "the job id" : $"request id {requestId}")} when reporting it",
    };
}
