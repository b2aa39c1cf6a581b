namespace PixTools.Observability;

/// <summary>The log events of batches (POST /api/batches, the batch ZIP, the batch webhook), source-generated.</summary>
public static partial class BatchLog
{
    [LoggerMessage(900, LogLevel.Information, "Batch {BatchId} accepted with {Jobs} jobs, {Refused} files refused")]
    public static partial void BatchAccepted(this ILogger logger, Guid batchId, int jobs, int refused);

    [LoggerMessage(901, LogLevel.Information, "Batch {BatchId} ended {Status}: {Completed} completed, {Failed} failed")]
    public static partial void BatchEnded(this ILogger logger, Guid batchId, string status, int completed, int failed);

    [LoggerMessage(902, LogLevel.Information, "Batch {BatchId} ZIP stored: {Files} files, {Bytes} bytes in {ElapsedMs} ms")]
    public static partial void BatchArchiveStored(this ILogger logger, Guid batchId, int files, long bytes, long elapsedMs);

    [LoggerMessage(903, LogLevel.Error, "Batch {BatchId} ZIP could not be built; the batch has no archive_url")]
    public static partial void BatchArchiveFailed(this ILogger logger, Exception exception, Guid batchId);

    [LoggerMessage(909, LogLevel.Warning, "Batch {BatchId} ZIP attempt {Attempt} failed; retrying in {Delay}")]
    public static partial void BatchArchiveRetrying(this ILogger logger, Exception exception, Guid batchId, int attempt, TimeSpan delay);

    [LoggerMessage(904, LogLevel.Information, "Batch {BatchId} webhook delivered to {Host} on attempt {Attempt} ({StatusCode})")]
    public static partial void BatchWebhookDelivered(this ILogger logger, Guid batchId, string host, int attempt, int? statusCode);

    [LoggerMessage(905, LogLevel.Warning, "Batch {BatchId} webhook attempt {Attempt} to {Host} failed: {Outcome} {Error}")]
    public static partial void BatchWebhookAttemptFailed(this ILogger logger, Guid batchId, int attempt, string host, string outcome, string? error);

    [LoggerMessage(906, LogLevel.Error, "Batch {BatchId} webhook to {Host} gave up after {Attempts} attempts")]
    public static partial void BatchWebhookGaveUp(this ILogger logger, Guid batchId, string host, int attempts);

    [LoggerMessage(907, LogLevel.Error, "Batch {BatchId} webhook delivery crashed")]
    public static partial void BatchWebhookCrashed(this ILogger logger, Exception exception, Guid batchId);

    [LoggerMessage(908, LogLevel.Warning, "Batch webhook recovery pass failed")]
    public static partial void BatchWebhookRecoveryFailed(this ILogger logger, Exception exception);
}
