namespace PixTools.Observability;

/// <summary>Every log event of PixTools, source-generated; job lines carry JobId and run inside a RequestId scope.</summary>
public static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Job {JobId} accepted with operations {Operations}")]
    public static partial void JobAccepted(this ILogger logger, Guid jobId, string operations);

    [LoggerMessage(2, LogLevel.Information, "Idempotency-Key replayed: answering with job {JobId}")]
    public static partial void IdempotentReplay(this ILogger logger, Guid jobId);

    [LoggerMessage(3, LogLevel.Warning, "Upload refused with {StatusCode}: {Detail}")]
    public static partial void UploadRefused(this ILogger logger, int statusCode, string detail);

    // Debug: the job's own line (PROCESSING) and the operation's outcome line say enough at Information.
    [LoggerMessage(10, LogLevel.Debug, "Job {JobId} operation {Operation} started (delivery {Delivery})")]
    public static partial void OperationStarted(this ILogger logger, Guid jobId, string operation, int delivery);

    [LoggerMessage(11, LogLevel.Information, "Job {JobId} operation {Operation} succeeded in {ElapsedMs} ms")]
    public static partial void OperationSucceeded(this ILogger logger, Guid jobId, string operation, long elapsedMs);

    [LoggerMessage(12, LogLevel.Warning, "Job {JobId} operation {Operation} failed on its input: {Reason}")]
    public static partial void OperationInputRejected(this ILogger logger, Guid jobId, string operation, string reason);

    [LoggerMessage(13, LogLevel.Warning, "Job {JobId} operation {Operation} failed on delivery {Delivery}; retrying in {Delay}")]
    public static partial void OperationRetrying(this ILogger logger, Exception exception, Guid jobId, string operation, int delivery, TimeSpan delay);

    [LoggerMessage(14, LogLevel.Error, "Job {JobId} operation {Operation} failed for good after {Delivery} deliveries")]
    public static partial void OperationGaveUp(this ILogger logger, Exception exception, Guid jobId, string operation, int delivery);

    [LoggerMessage(15, LogLevel.Information, "Job {JobId} operation {Operation} skipped: already done or job ended")]
    public static partial void OperationSkipped(this ILogger logger, Guid jobId, string operation);

    [LoggerMessage(19, LogLevel.Information, "Job {JobId} is processing (status PROCESSING)")]
    public static partial void JobProcessing(this ILogger logger, Guid jobId);

    [LoggerMessage(20, LogLevel.Information, "Job {JobId} finished with status {Status}")]
    public static partial void JobFinished(this ILogger logger, Guid jobId, string status);

    [LoggerMessage(30, LogLevel.Information, "Re-sent {Count} unfinished operations ({Reason})")]
    public static partial void OperationsRedispatched(this ILogger logger, int count, string reason);

    [LoggerMessage(31, LogLevel.Warning, "Job {JobId} operation {Operation} made no progress after {Redispatches} re-sends: failing it")]
    public static partial void OperationAbandoned(this ILogger logger, Guid jobId, string operation, int redispatches);

    [LoggerMessage(32, LogLevel.Error, "The sweeper's pass failed; it runs again at the next interval")]
    public static partial void SweepFailed(this ILogger logger, Exception exception);

    [LoggerMessage(40, LogLevel.Information, "Pruned {Jobs} jobs, {Keys} idempotency keys and {Inboxes} webhook inboxes older than {Retention}")]
    public static partial void Pruned(this ILogger logger, int jobs, int keys, int inboxes, TimeSpan retention);

    [LoggerMessage(41, LogLevel.Error, "The retention pass failed; it runs again at the next interval")]
    public static partial void PruneFailed(this ILogger logger, Exception exception);

    [LoggerMessage(60, LogLevel.Information, "Job {JobId} webhook delivered to {Host} on attempt {Attempt} ({StatusCode}, {LatencyMs} ms)")]
    public static partial void WebhookDelivered(this ILogger logger, Guid jobId, string host, int attempt, int? statusCode, long latencyMs);

    [LoggerMessage(61, LogLevel.Warning, "Job {JobId} webhook attempt {Attempt} to {Host} failed ({Outcome}): {Error}")]
    public static partial void WebhookAttemptFailed(this ILogger logger, Guid jobId, int attempt, string host, string outcome, string? error);

    [LoggerMessage(62, LogLevel.Warning, "Job {JobId} webhook to {Host} failed for good after {Attempts} attempts")]
    public static partial void WebhookGaveUp(this ILogger logger, Guid jobId, string host, int attempts);

    [LoggerMessage(63, LogLevel.Error, "Job {JobId} webhook delivery stopped by an unexpected error; it is resumed when its claim lapses")]
    public static partial void WebhookDeliveryCrashed(this ILogger logger, Exception exception, Guid jobId);

    [LoggerMessage(64, LogLevel.Information, "Resuming {Count} webhook deliveries that a stopped process left owed")]
    public static partial void WebhooksResumed(this ILogger logger, int count);

    [LoggerMessage(65, LogLevel.Information, "No Webhooks:SigningSecret configured: generated one in {Path}")]
    public static partial void WebhookSecretGenerated(this ILogger logger, string path);

    [LoggerMessage(66, LogLevel.Error, "The webhook recovery pass failed; it runs again at the next interval")]
    public static partial void WebhookRecoveryFailed(this ILogger logger, Exception exception);

    [LoggerMessage(70, LogLevel.Information, "Job {JobId} bundle of {Members} files stored ({Bytes} bytes) in {ElapsedMs} ms")]
    public static partial void ArchiveStored(this ILogger logger, Guid jobId, int members, long bytes, long elapsedMs);

    [LoggerMessage(71, LogLevel.Warning, "Job {JobId} bundle failed on try {Attempt}; retrying in {Delay}")]
    public static partial void ArchiveRetrying(this ILogger logger, Exception exception, Guid jobId, int attempt, TimeSpan delay);

    [LoggerMessage(72, LogLevel.Error, "Job {JobId} bundle given up after {Attempt} tries; the job keeps its status, without archive_url")]
    public static partial void ArchiveGaveUp(this ILogger logger, Exception exception, Guid jobId, int attempt);

    [LoggerMessage(80, LogLevel.Information, "Denoise model {Path} loaded ({Architecture}, {Threads} threads) in {ElapsedMs} ms")]
    public static partial void DenoiseModelLoaded(this ILogger logger, string path, string architecture, int threads, long elapsedMs);

    [LoggerMessage(105, LogLevel.Error, "The denoise model could not be loaded on first use: {Reason}")]
    public static partial void DenoiseModelLoadFailed(this ILogger logger, Exception error, string reason);

    [LoggerMessage(81, LogLevel.Information, "Denoised {Width}x{Height} at sigma {Sigma:F1} (estimated: {Estimated}): {ModelMs} ms in the model, {ElapsedMs} ms with tiling")]
    public static partial void DenoiseRan(this ILogger logger, int width, int height, double sigma, bool estimated, long modelMs, long elapsedMs);

    [LoggerMessage(82, LogLevel.Debug, "libvips {Level}: {Message}")]
    public static partial void LibvipsSaid(this ILogger logger, string level, string message);

    [LoggerMessage(50, LogLevel.Error, "Unhandled error answering {Method} {Path}")]
    public static partial void UnhandledError(this ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(100, LogLevel.Warning, "Bucket {Bucket} takes no lifecycle rule ({ErrorCode}): expired blobs are deleted by the prune task alone")]
    public static partial void BucketLifecycleUnavailable(this ILogger logger, string bucket, string errorCode);

    [LoggerMessage(101, LogLevel.Warning, "Publishing job {JobId} operation {Operation} failed ({Reason}); trying again while the broker recovers")]
    public static partial void QueuePublishRetrying(this ILogger logger, Guid jobId, string operation, string reason);

    [LoggerMessage(102, LogLevel.Error, "A message on queue {Queue} is not a work message; dead-lettering it")]
    public static partial void QueueMessageUnreadable(this ILogger logger, string queue);

    [LoggerMessage(103, LogLevel.Error, "Handling job {JobId} operation {Operation} threw on delivery {Delivery}; it goes back to the queue")]
    public static partial void QueueHandlerFailed(this ILogger logger, Exception exception, Guid jobId, string operation, int delivery);

    [LoggerMessage(73, LogLevel.Warning, "Dead-lettering a message: {Reason}")]
    public static partial void QueueDeadLettering(this ILogger logger, string reason);

    [LoggerMessage(74, LogLevel.Warning, "RabbitMQ unreachable ({Reason}); trying again in 2 s")]
    public static partial void QueueUnreachable(this ILogger logger, string reason);

    [LoggerMessage(75, LogLevel.Error, "Job {JobId} operation {Operation} was dead-lettered after {Deliveries} deliveries: failing it")]
    public static partial void OperationDeadLettered(this ILogger logger, Guid jobId, string operation, int deliveries);

    [LoggerMessage(51, LogLevel.Warning, "Answered {Count} requests with 503 in the last seconds (latest {Method} {Path}): a dependency is unavailable ({Reason})")]
    public static partial void DependencyUnavailableRefusals(this ILogger logger, int count, string method, string path, string reason);

    [LoggerMessage(4, LogLevel.Warning, "Job {JobId} could not be dispatched: its row and upload were removed and the client answered 503")]
    public static partial void SubmissionUndone(this ILogger logger, Guid jobId);

    [LoggerMessage(5, LogLevel.Warning, "Job {JobId} could not be dispatched nor removed ({Reason}); the sweeper dispatches it once the queue is back")]
    public static partial void SubmissionUndoFailed(this ILogger logger, Guid jobId, string reason);

    [LoggerMessage(104, LogLevel.Warning, "Queue {Queue} exists with other arguments than this version declares (max length {MaxLength}, reject-publish); using it as it is: apply the limit with a policy (docs/configuration.md)")]
    public static partial void QueueArgumentsDiffer(this ILogger logger, string queue, int maxLength);

    [LoggerMessage(16, LogLevel.Warning, "Job {JobId} operation {Operation} waits {Delay} for a dependency to come back ({Reason})")]
    public static partial void OperationWaitingForDependency(this ILogger logger, Guid jobId, string operation, TimeSpan delay, string reason);

    [LoggerMessage(106, LogLevel.Warning, "Job {JobId} operations {Operations} have run for {Elapsed}, longer than one operation may: no longer reported alive, so they will be sent again as stuck")]
    public static partial void OperationOverran(this ILogger logger, Guid jobId, string operations, TimeSpan elapsed);

    [LoggerMessage(107, LogLevel.Debug, "Job {JobId}: could not report operations {Operations} alive ({Reason}); trying again at the next beat")]
    public static partial void HeartbeatFailed(this ILogger logger, Guid jobId, string operations, string reason);

    [LoggerMessage(17, LogLevel.Information, "Removed {Count} temporary files a stopped worker left in {Folder}")]
    public static partial void TemporaryFilesRemoved(this ILogger logger, int count, string folder);

    [LoggerMessage(76, LogLevel.Warning, "Job {JobId} bundle waits {Delay} for storage or the database to come back ({Reason})")]
    public static partial void ArchiveWaitingForDependency(this ILogger logger, Guid jobId, TimeSpan delay, string reason);
}
