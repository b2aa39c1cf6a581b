using Microsoft.Extensions.Options;
using PixTools.Jobs;
using PixTools.Queue;
using PixTools.Resilience;

namespace PixTools.Intake.Admission;

/// <summary>
/// Decides, before an upload's body is read, whether the service takes it on: the job queue must be reachable,
/// the jobs not yet ended (counted in the database, so every api process sees the same backlog, reused for
/// <see cref="AdmissionOptions.CountCacheTime"/>) must be under <see cref="AdmissionOptions.MaxUnfinishedJobs"/>,
/// and the bytes of uploads this process is receiving under <see cref="AdmissionOptions.MaxPendingUploadBytes"/>.
/// A refusal carries a Retry-After estimated from how fast jobs ended over the last minute. A batch passes the same check
/// before its body is read and, once its files are read, is admitted whole or refused whole by the same ceiling
/// (<see cref="AdmitAsync"/>).
/// </summary>
public sealed class AdmissionControl(JobStore jobs, IWorkQueue queue, IOptions<AdmissionOptions> options, IOptions<LimitsOptions> limits, TimeProvider clock)
    : IBatchAdmission
{
    private const string DatabaseAway = "The job database cannot be reached at the moment. Please try again shortly.";

    /// <summary>The window over which the drain rate (jobs ended per second) is measured.</summary>
    private static readonly TimeSpan DrainWindow = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim refreshLock = new(1, 1);
    private Backlog? backlog;
    private long admittedSinceCount;
    private long pendingBytes;

    private sealed record Backlog(int Unfinished, double DrainPerSecond, DateTimeOffset CountedAt, Exception? Error);

    /// <summary>Bytes of uploads admitted by this process and not yet stored or refused.</summary>
    public long PendingBytes => Interlocked.Read(ref pendingBytes);

    /// <summary>Admits the upload (the lease releases its bytes when disposed) or says why not and when to come back.</summary>
    public Task<AdmissionDecision> TryAdmitAsync(long? declaredBytes, CancellationToken cancellationToken) =>
        TryAdmitAsync(declaredBytes, countBytes: true, cancellationToken);

    /// <summary>
    /// A batch, before its body is read: the queue and the backlog as for one upload, but not the bytes being received. A
    /// batch may be as large as all of <see cref="AdmissionOptions.MaxPendingUploadBytes"/> (<c>Batches:MaxBytes</c> bounds
    /// it on its own), and counting it there would refuse every other upload for as long as it takes to arrive.
    /// </summary>
    public Task<AdmissionDecision> TryAdmitBatchAsync(CancellationToken cancellationToken) =>
        TryAdmitAsync(null, countBytes: false, cancellationToken);

    private async Task<AdmissionDecision> TryAdmitAsync(long? declaredBytes, bool countBytes, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (queue is RabbitMqWorkQueue { IsDown: true })
        {
            return AdmissionDecision.Refuse("The job queue cannot be reached at the moment. Please try again shortly.", 5);
        }

        var counted = await CurrentBacklogAsync(settings, cancellationToken);
        if (counted.Error is not null)
        {
            return AdmissionDecision.Refuse(DatabaseAway, OutageRetryAfterSeconds);
        }
        var unfinished = counted.Unfinished + Interlocked.Read(ref admittedSinceCount);
        if (unfinished >= settings.MaxUnfinishedJobs)
        {
            return AdmissionDecision.Refuse(
                $"The service is busy with {unfinished} unfinished jobs (it takes at most {settings.MaxUnfinishedJobs}). Please try again later.",
                RetryAfterSeconds(unfinished - (long)(settings.MaxUnfinishedJobs * 0.9), counted.DrainPerSecond, settings));
        }

        var bytes = !countBytes ? 0 : declaredBytes is > 0 ? declaredBytes.Value : limits.Value.MaxUploadBytes + UploadReader.FormOverheadBytes;
        if (bytes > 0 && Interlocked.Add(ref pendingBytes, bytes) > settings.MaxPendingUploadBytes && Interlocked.Read(ref pendingBytes) != bytes)
        {
            Interlocked.Add(ref pendingBytes, -bytes);
            return AdmissionDecision.Refuse("The service is receiving too many uploads at once. Please try again in a moment.", 1);
        }
        Interlocked.Increment(ref admittedSinceCount);
        return AdmissionDecision.Admit(new Lease(this, bytes));
    }

    /// <summary>
    /// A batch's <paramref name="jobCount"/> jobs, once its files are read: admitted whole when the jobs not yet ended stay
    /// within <see cref="AdmissionOptions.MaxUnfinishedJobs"/> with them, otherwise refused whole with a Retry-After for
    /// the room they need. (A batch never carries more files than the ceiling: <see cref="BatchFiles.MaxFilesOf"/>.)
    /// </summary>
    public async Task<AdmissionRefusal?> AdmitAsync(int jobCount, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var counted = await CurrentBacklogAsync(settings, cancellationToken);
        if (counted.Error is not null) return new AdmissionRefusal(DatabaseAway, TimeSpan.FromSeconds(OutageRetryAfterSeconds));
        var unfinished = counted.Unfinished + Interlocked.Read(ref admittedSinceCount);
        if (unfinished + jobCount > settings.MaxUnfinishedJobs)
        {
            return new AdmissionRefusal(
                $"The service is busy with {unfinished} unfinished jobs, and this batch would add {jobCount} (it takes at most {settings.MaxUnfinishedJobs}). Please try again later.",
                TimeSpan.FromSeconds(RetryAfterSeconds(unfinished + jobCount - settings.MaxUnfinishedJobs, counted.DrainPerSecond, settings)));
        }
        Interlocked.Add(ref admittedSinceCount, jobCount);
        return null;
    }

    /// <summary>
    /// Counts once at start (the API waits for it before it listens, at most 30 s): the first count compiles the queries
    /// and opens the first connection, which on a busy machine takes longer than <see cref="AdmissionOptions.CountTimeout"/>.
    /// </summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            await jobs.CountBacklogAsync(DrainWindow, limit.Token);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested && (DependencyFailures.IsUnavailable(error) || error is OperationCanceledException))
        {
            // The database is away at start: the first submissions find out and answer 503.
        }
    }

    /// <summary>A Retry-After for a refusal caused by a dependency being away (<see cref="DependencyFailures"/>).</summary>
    public static int OutageRetryAfterSeconds => 5;

    private int RetryAfterSeconds(long excess, double drainPerSecond, AdmissionOptions settings)
    {
        if (drainPerSecond <= 0) return Math.Min(30, settings.MaxRetryAfterSeconds);
        return (int)Math.Clamp(Math.Ceiling(Math.Max(1, excess) / drainPerSecond), 1, settings.MaxRetryAfterSeconds);
    }

    private async Task<Backlog> CurrentBacklogAsync(AdmissionOptions settings, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (backlog is { } fresh && now - fresh.CountedAt < settings.CountCacheTime) return fresh;
        await refreshLock.WaitAsync(cancellationToken);
        try
        {
            if (backlog is { } raced && clock.GetUtcNow() - raced.CountedAt < settings.CountCacheTime) return raced;
            Backlog counted;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(settings.CountTimeout);
                var (unfinished, ended) = await jobs.CountBacklogAsync(DrainWindow, timeout.Token);
                counted = new Backlog(unfinished, ended / DrainWindow.TotalSeconds, clock.GetUtcNow(), null);
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested && (DependencyFailures.IsUnavailable(error) || error is OperationCanceledException))
            {
                counted = new Backlog(0, 0, clock.GetUtcNow(), error);
            }
            Interlocked.Exchange(ref admittedSinceCount, 0);
            backlog = counted;
            return counted;
        }
        finally
        {
            refreshLock.Release();
        }
    }

    private void Release(long bytes) => Interlocked.Add(ref pendingBytes, -bytes);

    /// <summary>An admitted upload's share of <see cref="AdmissionOptions.MaxPendingUploadBytes"/>, given back when disposed.</summary>
    public sealed class Lease(AdmissionControl owner, long bytes) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0) owner.Release(bytes);
        }
    }
}

/// <summary>Admitted (with a lease to dispose when the upload is stored or refused) or refused with a reason and a Retry-After.</summary>
public sealed record AdmissionDecision(AdmissionControl.Lease? Lease, string? Reason, int RetryAfterSeconds)
{
    public static AdmissionDecision Admit(AdmissionControl.Lease lease) => new(lease, null, 0);

    public static AdmissionDecision Refuse(string reason, int retryAfterSeconds) => new(null, reason, retryAfterSeconds);
}
