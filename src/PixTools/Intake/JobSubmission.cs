using System.Security.Cryptography;
using System.Text;
using PixTools.Jobs;
using PixTools.Observability;
using PixTools.Queue;
using PixTools.Resilience;
using PixTools.Storage;
using PixTools.Webhooks;
using PixTools.Webhooks.Delivery;
using PixTools.Worker;

namespace PixTools.Intake;

/// <summary>A job accepted by <see cref="JobSubmission"/>: its id and its status now (PENDING, or the earlier job's on a replay).</summary>
public sealed record SubmittedJob(Guid JobId, JobStatus Status);

/// <summary>
/// POST /api/process after the HTTP layer: read and check the upload (the webhook's destination too), store it,
/// create the job, send one message per operation. Every refusal is a <see cref="Problem"/>, logged here.
/// </summary>
public sealed class JobSubmission(
    UploadReader reader, UploadValidator validator, OperationCatalog catalog, WebhookAddressGuard webhookGuard,
    JobStore jobs, IBlobStore blobs, IWorkQueue queue, TimeProvider clock, ILogger<JobSubmission> logger)
{
    public async Task<Outcome<SubmittedJob>> SubmitAsync(HttpRequest request, string idempotencyKey, CancellationToken cancellationToken)
    {
        var outcome = await SubmitCheckedAsync(request, idempotencyKey, cancellationToken);
        if (!outcome.Succeeded) logger.UploadRefused(outcome.Problem.StatusCode, outcome.Problem.Detail);
        return outcome;
    }

    private async Task<Outcome<SubmittedJob>> SubmitCheckedAsync(HttpRequest request, string idempotencyKey, CancellationToken cancellationToken)
    {
        // 1. Idempotency-Key, cheap to check before reading the body.
        if (idempotencyKey.Length > 255 || idempotencyKey.Any(c => c is < '!' or > '~'))
        {
            return Problem.Unprocessable("Idempotency-Key must be 1 to 255 visible ASCII characters");
        }

        // 2. Read the form with the size cap (a webhook_url sent before the file is checked before the file is read),
        //    then every rule of the validation table.
        var form = await reader.ReadAsync(request, cancellationToken, CheckWebhookUrlAsync);
        if (!form.Succeeded) return form.Problem;
        var validated = await CheckAsync(form.Value, cancellationToken);
        if (!validated.Succeeded) return validated.Problem;
        var upload = validated.Value;

        // 3-4. Store, record and dispatch. A dependency that is away throws (the API answers 503, see DependencyFailures),
        // and whatever was made of the job by then is taken away again.
        return await StoreAndDispatchAsync(upload, idempotencyKey, request.HttpContext.TraceIdentifier, cancellationToken);
    }

    private async Task<Outcome<SubmittedJob>> StoreAndDispatchAsync(ValidatedUpload upload, string idempotencyKey, string requestId, CancellationToken cancellationToken)
    {
        // 3. Store the source, then the job with its key in one transaction; a refused insert takes the source away again.
        var job = NewJob(upload, requestId);
        await blobs.PutFileAsync(job.SourceKey, upload.Content.Path, upload.Format.ContentType, cancellationToken);
        var key = idempotencyKey.Length == 0 ? null : idempotencyKey;
        CreateJobResult created;
        try
        {
            // The fingerprint (a hash of the whole file) is kept only with a key: without one it is not computed.
            created = await jobs.CreateAsync(job, key, key is null ? "" : Fingerprint(upload), cancellationToken);
        }
        catch
        {
            await ForgetAsync(job, key, rowWritten: false);
            throw;
        }
        if (created.Outcome != CreateJobOutcome.Created)
        {
            await blobs.DeleteAsync(job.SourceKey, cancellationToken);
            if (created.Outcome == CreateJobOutcome.KeyReusedWithOtherRequest)
            {
                return Problem.Unprocessable($"Idempotency-Key '{idempotencyKey}' was already used with a different request (job {created.JobId})");
            }
            logger.IdempotentReplay(created.JobId);
            var earlier = await jobs.FindAsync(created.JobId, cancellationToken);
            return new SubmittedJob(created.JobId, earlier?.Status ?? JobStatus.PENDING);
        }

        // 4. One message per run, one per shared denoise (RunDispatch). A refused or failed publish un-makes the job
        // (row, key and source), so a client told 503 has no job, and its retry with the same Idempotency-Key makes one.
        try
        {
            await PublishAsync(job, requestId, cancellationToken);
        }
        catch
        {
            await ForgetAsync(job, key, rowWritten: true);
            throw;
        }
        using (logger.BeginScope(LogScope.Of("JobId", job.Id)))
        {
            logger.JobAccepted(job.Id, string.Join(",", job.Operations));
        }
        return new SubmittedJob(job.Id, JobStatus.PENDING);
    }

    /// <summary>Every rule of the validation table, then the webhook's destination (also for each file of a batch).</summary>
    public async Task<Outcome<ValidatedUpload>> CheckAsync(UploadForm form, CancellationToken cancellationToken)
    {
        var validated = validator.Validate(form, catalog.Supports);
        if (!validated.Succeeded) return validated.Problem;
        if (validated.Value.WebhookUrl is { } webhookUrl && await webhookGuard.CheckSubmittedAsync(webhookUrl, "webhook_url", cancellationToken) is { } ssrf)
        {
            return ssrf;
        }
        return validated;
    }

    /// <summary>One message per run of a stored job, one per shared denoise (<see cref="RunDispatch"/>).</summary>
    public async Task PublishAsync(Job job, string requestId, CancellationToken cancellationToken)
    {
        var runs = job.Runs.Select(r => (r.Operation, OperationParamsJson.Deserialize(r.ParamsJson))).ToList();
        foreach (var (run, queueName) in RunDispatch.MessagesFor(runs))
        {
            await queue.PublishAsync(WorkMessage.Create(job.Id, run, requestId, clock, queueName), cancellationToken);
        }
    }

    /// <summary>The webhook's form, then where it points: run as soon as the field arrives, and again after the read for a form that sent it last.</summary>
    private async Task<Problem?> CheckWebhookUrlAsync(string url, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(url)) return null;
        return WebhookUrlValidator.Validate(url) ?? await webhookGuard.CheckSubmittedAsync(url.Trim(), "webhook_url", cancellationToken);
    }

    /// <summary>
    /// Takes a refused job away: its row (with runs and key) and its stored source. Best effort, within
    /// <see cref="UndoTimeout"/> of its own: if the database is away too, the row stays PENDING and the sweeper dispatches it later, and a retry
    /// with the same Idempotency-Key answers with that job.
    /// </summary>
    private async Task ForgetAsync(Job job, string? idempotencyKey, bool rowWritten)
    {
        using var timeout = new CancellationTokenSource(UndoTimeout);
        try
        {
            if (rowWritten) await jobs.DeleteRefusedJobAsync(job.Id, idempotencyKey, timeout.Token);
            await blobs.DeleteAsync(job.SourceKey, timeout.Token);
            logger.SubmissionUndone(job.Id);
        }
        catch (Exception error) when (DependencyFailures.IsUnavailable(error) || error is OperationCanceledException)
        {
            logger.SubmissionUndoFailed(job.Id, error.Message);
        }
    }

    private static readonly TimeSpan UndoTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The job an upload becomes (not yet stored); a batch's files become jobs the same way.</summary>
    public static Job NewJob(ValidatedUpload upload, string requestId)
    {
        var id = Guid.CreateVersion7();
        return new Job
        {
            Id = id,
            Status = JobStatus.PENDING,
            Operations = upload.Plan.Names.ToList(),
            SourceKey = BlobKeys.Source(id, upload.BaseName, upload.Format),
            SourceFormat = upload.Format.Operation,
            OriginalName = upload.BaseName,
            WebhookUrl = upload.WebhookUrl,
            RequestId = requestId,
            Runs = upload.Plan.Operations.Select(op => new OperationRun
            {
                JobId = id,
                Operation = op.Name,
                Status = OperationRunStatus.Pending,
                ParamsJson = OperationParamsJson.Serialize(op.Params),
            }).ToList(),
        };
    }

    /// <summary>What makes two submissions "the same request" for an Idempotency-Key: file, operations with params, webhook.</summary>
    public static string Fingerprint(ValidatedUpload upload)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(upload.Content.Sha256);
        foreach (var op in upload.Plan.Operations) hash.AppendData(Encoding.UTF8.GetBytes($"\n{op.Name}={OperationParamsJson.Serialize(op.Params)}"));
        hash.AppendData(Encoding.UTF8.GetBytes($"\nwebhook={upload.WebhookUrl}"));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
