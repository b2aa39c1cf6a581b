using System.Diagnostics;
using Microsoft.Extensions.Options;
using PixTools.Jobs;
using PixTools.Observability;
using PixTools.Operations;
using PixTools.Resilience;
using PixTools.Storage;

namespace PixTools.Finalize;

/// <summary>
/// The end step that bundles a job's result files into one ZIP at <see cref="BlobKeys.Archive"/> and records it,
/// which makes <c>archive_url</c> appear in the job view. The results are streamed from the blob store through a
/// temporary file into the blob store, so memory is bounded by copy buffers, not by the size of the results.
/// A bundle is tried <see cref="ArchiveOptions.MaxAttempts"/> times; then it is logged and counted
/// (<see cref="PixToolsMetrics.ArchiveFailures"/>) and the job keeps its status, without an archive.
/// </summary>
public sealed class ArchiveBuilder(
    JobStore jobs, IBlobStore blobs, WorkTempFolder tempFolder, IOptions<ArchiveOptions> options, TimeProvider clock, ILogger<ArchiveBuilder> logger) : IJobEndStep
{
    /// <summary>The member holding the job's metadata when it was requested.</summary>
    public const string MetadataMemberName = "metadata.json";

    public async Task RunAsync(Job job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        // A recorded key means the bundle was stored: the sweeper re-running the steps after a crash skips it.
        if (!job.Status.IsTerminal() || job.ArchiveKey is not null) return;
        var members = MembersOf(job);
        if (!members.Any(m => m.BlobKey is not null)) return;
        using var activity = PixToolsActivity.Source.StartActivity("build archive");
        activity?.SetTag("pixtools.job_id", job.Id);

        var maxAttempts = options.Value.MaxAttempts;
        var budgetEnds = clock.GetUtcNow() + options.Value.DependencyRetryBudget;
        var waits = 0;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await BuildAndStoreAsync(job, members, cancellationToken);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw; // shutting down: the sweeper runs the end steps again after the restart
            }
            catch (Exception error) when (DependencyFailures.IsUnavailable(error))
            {
                // Storage or the database is away: that is no reason to give the bundle up. Wait within the budget,
                // then leave the end steps owed (the exception goes up): the sweeper runs them again later.
                if (clock.GetUtcNow() >= budgetEnds) throw;
                var delay = TimeSpan.FromMilliseconds(Math.Min(10_000, 500 * Math.Pow(2, Math.Min(waits++, 5))));
                logger.ArchiveWaitingForDependency(job.Id, delay, error.GetBaseException().Message);
                attempt--;
                await Task.Delay(delay, clock, cancellationToken);
            }
            catch (Exception error) when (attempt < maxAttempts)
            {
                var delay = options.Value.RetryBaseDelay * Math.Pow(2, attempt - 1);
                logger.ArchiveRetrying(error, job.Id, attempt, delay);
                await Task.Delay(delay, clock, cancellationToken);
            }
            catch (Exception error)
            {
                // Never out of the step: a bundle is a convenience, the results and the job's status stand without it.
                logger.ArchiveGaveUp(error, job.Id, attempt);
                PixToolsMetrics.ArchiveFailures.Inc();
                return;
            }
        }
    }

    /// <summary>The ZIP's members in the order the operations were asked for; metadata.json last when metadata was requested.</summary>
    internal static IReadOnlyList<ArchiveMember> MembersOf(Job job)
    {
        var members = new List<ArchiveMember>();
        foreach (var operation in job.Operations)
        {
            var run = job.Runs.SingleOrDefault(r => r.Operation == operation);
            if (run is not { Status: OperationRunStatus.Succeeded, ResultKey: { } key }) continue;
            var extension = Path.GetExtension(key).TrimStart('.');
            members.Add(new ArchiveMember(BlobKeys.DownloadName(operation, job.OriginalName, extension), key, null));
        }
        if (job.Operations.Contains(OperationNames.Metadata))
        {
            members.Add(new ArchiveMember(MetadataMemberName, null, job.MetadataJson ?? "{}"));
        }
        return members;
    }

    private async Task BuildAndStoreAsync(Job job, IReadOnlyList<ArchiveMember> members, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var name = $"{job.Id:N}-bundle-{Guid.NewGuid():N}.zip";
        var key = BlobKeys.Archive(job.Id);
        // The finish time, not the clock: a bundle rebuilt by a retry or the sweeper comes out the same.
        long bytes;
        try
        {
            bytes = await ZipBundle.StoreAsync(blobs, Path.Combine(tempFolder.Path, name), key, members, job.FinishedAt ?? job.UpdatedAt, cancellationToken);
        }
        catch (DirectoryNotFoundException)
        {
            bytes = await ZipBundle.StoreAsync(blobs, Path.Combine(tempFolder.Restore(), name), key, members, job.FinishedAt ?? job.UpdatedAt, cancellationToken);
        }
        await jobs.RecordArchiveAsync(job.Id, key, cancellationToken);
        logger.ArchiveStored(job.Id, members.Count, bytes, watch.ElapsedMilliseconds);
    }
}
