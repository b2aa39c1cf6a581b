using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PixTools.Jobs;
using PixTools.Observability;
using PixTools.Storage;

namespace PixTools.Intake;

/// <summary>A batch accepted by <see cref="BatchSubmission"/>: its jobs in file order and the files refused at upload.</summary>
public sealed record SubmittedBatch(Guid BatchId, string Status, IReadOnlyList<Guid> JobIds, IReadOnlyList<RefusedFile> Refused);

/// <summary>Why a batch was refused whole: the problem, the files' reasons when each was refused, a Retry-After when busy.</summary>
public sealed record BatchRefusal(Problem Problem, IReadOnlyList<RefusedFile> Files, TimeSpan? RetryAfter);

/// <summary>
/// POST /api/batches after the HTTP layer: read every file part with the batch's caps, check each file as a single
/// upload is checked (<see cref="JobSubmission.CheckAsync"/>, with the form's shared fields), admit the batch whole,
/// store the sources, then the batch and its jobs in one transaction, then send the work.
/// </summary>
public sealed class BatchSubmission(
    UploadReader reader, JobSubmission single, IBatchAdmission admission, BatchStore batches, IBlobStore blobs,
    IOptions<BatchOptions> options, IOptions<Admission.AdmissionOptions> admissionOptions, ILogger<BatchSubmission> logger)
{
    public async Task<(SubmittedBatch? Batch, BatchRefusal? Refusal)> SubmitAsync(HttpRequest request, string idempotencyKey, CancellationToken cancellationToken)
    {
        var (batch, refusal) = await SubmitCheckedAsync(request, idempotencyKey, cancellationToken);
        if (refusal is not null) logger.UploadRefused(refusal.Problem.StatusCode, refusal.Problem.Detail);
        return (batch, refusal);
    }

    private async Task<(SubmittedBatch?, BatchRefusal?)> SubmitCheckedAsync(HttpRequest request, string idempotencyKey, CancellationToken cancellationToken)
    {
        if (idempotencyKey.Length > 255 || idempotencyKey.Any(c => c is < '!' or > '~'))
        {
            return Refuse(Problem.Unprocessable("Idempotency-Key must be 1 to 255 visible ASCII characters"));
        }

        // 1. Every file part, within the count and byte caps; the shared fields once.
        var files = new BatchFiles(BatchFiles.MaxFilesOf(options.Value, admissionOptions.Value), options.Value.MaxBytes);
        var form = await reader.ReadAsync(request, files, cancellationToken);
        if (!form.Succeeded) return Refuse(form.Problem);
        if (files.Parts.Count == 0) return Refuse(Problem.Unprocessable(form.Value.MissingFileDetail("file is required: a batch needs at least one file part")));

        // 2. Each file through the single-job checks; a refused file is listed, the others go on.
        var accepted = new List<ValidatedUpload>();
        var refused = new List<RefusedFile>();
        foreach (var part in files.Parts)
        {
            if (part.File is not { } file)
            {
                refused.Add(new RefusedFile(DisplayName(part.FileName), part.Refusal!));
                continue;
            }
            var checkedFile = await single.CheckAsync(form.Value with { File = file }, cancellationToken);
            if (checkedFile.Succeeded) accepted.Add(checkedFile.Value);
            else refused.Add(new RefusedFile(DisplayName(file.FileName), checkedFile.Problem.Detail));
        }
        if (accepted.Count == 0) return (null, AllRefused(refused, tooLarge: files.Parts.All(p => p.File is null)));

        // 3. A replay answers with the earlier batch, busy or not; otherwise the batch is admitted whole or not at all.
        var key = idempotencyKey.Length == 0 ? null : idempotencyKey;
        var fingerprint = Fingerprint(accepted, refused);
        var requestId = request.HttpContext.TraceIdentifier;
        var jobs = accepted.Select((upload, index) => NewJob(upload, index, requestId)).ToList();
        var batch = new Batch
        {
            Id = Guid.CreateVersion7(),
            RefusedJson = RefusedFile.Serialize(refused),
            WebhookUrl = accepted[0].WebhookUrl,
            RequestId = requestId,
            IdempotencyKey = key,
            Fingerprint = fingerprint,
        };
        foreach (var job in jobs) job.BatchId = batch.Id;
        if (key is not null && await batches.FindByKeyAsync(key, cancellationToken) is { } earlier) return await ReplayAsync(earlier, fingerprint, key, cancellationToken);
        if (await admission.AdmitAsync(jobs.Count, cancellationToken) is { } busy)
        {
            return (null, new BatchRefusal(new Problem(StatusCodes.Status503ServiceUnavailable, busy.Detail), [], busy.RetryAfter));
        }

        // 4. Sources, then the batch with its jobs in one transaction, then one message per operation.
        for (var i = 0; i < jobs.Count; i++)
        {
            await blobs.PutFileAsync(jobs[i].SourceKey, accepted[i].Content.Path, accepted[i].Format.ContentType, cancellationToken);
        }
        var created = await batches.CreateAsync(batch, jobs, cancellationToken);
        if (created.Outcome != CreateJobOutcome.Created)
        {
            foreach (var job in jobs) await blobs.DeleteAsync(job.SourceKey, cancellationToken);
            var winner = await batches.FindAsync(created.BatchId, cancellationToken);
            return winner is null ? Refuse(Problem.NotFound($"batch {created.BatchId} was not found")) : await ReplayAsync(winner, fingerprint, key!, cancellationToken);
        }
        logger.BatchAccepted(batch.Id, jobs.Count, refused.Count);
        foreach (var job in jobs) await single.PublishAsync(job, requestId, cancellationToken);
        return (new SubmittedBatch(batch.Id, BatchProgress.Pending, jobs.Select(j => j.Id).ToList(), refused), null);
    }

    private async Task<(SubmittedBatch?, BatchRefusal?)> ReplayAsync(Batch earlier, string fingerprint, string key, CancellationToken cancellationToken)
    {
        if (earlier.Fingerprint != fingerprint)
        {
            return Refuse(Problem.Unprocessable($"Idempotency-Key '{key}' was already used with a different request (batch {earlier.Id})"));
        }
        logger.IdempotentReplay(earlier.Id);
        var jobs = await batches.ListJobsAsync(earlier.Id, cancellationToken);
        return (new SubmittedBatch(earlier.Id, BatchProgress.Of(jobs).Status, jobs.Select(j => j.Id).ToList(), RefusedFile.Deserialize(earlier.RefusedJson)), null);
    }

    /// <summary>The file becomes a job as a single upload does, without a webhook of its own: the batch has the one webhook.</summary>
    private static Job NewJob(ValidatedUpload upload, int index, string requestId)
    {
        var job = JobSubmission.NewJob(upload, requestId);
        job.WebhookUrl = null;
        job.BatchIndex = index;
        return job;
    }

    /// <summary>
    /// Every file refused: the one reason when they share it, otherwise each file's reason. A 413 when every file was over
    /// the per-file limit (as the same file alone at POST /api/process), else a 422.
    /// </summary>
    private static BatchRefusal AllRefused(List<RefusedFile> refused, bool tooLarge)
    {
        var first = refused[0].Detail;
        var detail = refused.All(r => r.Detail == first)
            ? (refused.Count == 1 ? first : $"none of the {refused.Count} files was accepted: {first}")
            : $"none of the {refused.Count} files was accepted: " + string.Join("; ", refused.Select(r => $"{r.FileName}: {r.Detail}"));
        return new BatchRefusal(tooLarge ? Problem.TooLarge(detail) : Problem.Unprocessable(detail), refused, null);
    }

    /// <summary>The client's file name as the person knows it, shortened for the answer.</summary>
    private static string DisplayName(string fileName)
    {
        var name = Path.GetFileName(fileName.Replace('\\', '/'));
        if (name.Length == 0) name = "(no name)";
        return name.Length <= 200 ? name : name[..200] + "…";
    }

    /// <summary>The same request, for an Idempotency-Key: each accepted file's fingerprint in order, and each refused file.</summary>
    private static string Fingerprint(List<ValidatedUpload> accepted, List<RefusedFile> refused)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var upload in accepted) hash.AppendData(Encoding.UTF8.GetBytes($"{JobSubmission.Fingerprint(upload)}:{upload.BaseName}\n"));
        foreach (var file in refused) hash.AppendData(Encoding.UTF8.GetBytes($"refused:{file.FileName}:{file.Detail}\n"));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static (SubmittedBatch?, BatchRefusal?) Refuse(Problem problem) => (null, new BatchRefusal(problem, [], null));
}
