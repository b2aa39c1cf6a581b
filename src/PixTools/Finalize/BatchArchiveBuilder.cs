using System.Diagnostics;
using PixTools.Jobs;
using PixTools.Observability;
using PixTools.Storage;

namespace PixTools.Finalize;

/// <summary>
/// The batch ZIP at <see cref="BlobKeys.BatchArchive"/>: one folder per source file (<see cref="BatchFolderNames"/>) holding
/// what that file's job bundle holds. Streamed as a job's bundle is (<see cref="ZipBundle"/>):
/// blob → temporary file → blob, memory bounded by the copy buffer whatever the batch's size.
/// </summary>
public sealed class BatchArchiveBuilder(BatchStore batches, IBlobStore blobs, ILogger<BatchArchiveBuilder> logger)
{
    /// <summary>Builds, stores and records the ZIP; nothing when no job of the batch produced anything.</summary>
    public async Task BuildAsync(Batch batch, IReadOnlyList<Job> jobs, CancellationToken cancellationToken)
    {
        var members = MembersOf(jobs);
        if (!members.Any(m => m.BlobKey is not null)) return;
        using var activity = PixToolsActivity.Source.StartActivity("build batch archive");
        activity?.SetTag("pixtools.batch_id", batch.Id);
        var watch = Stopwatch.StartNew();
        var temp = Path.Combine(Path.GetTempPath(), $"pixtools-batch-{batch.Id:N}-{Guid.NewGuid():N}.zip");
        var key = BlobKeys.BatchArchive(batch.Id);
        var bytes = await ZipBundle.StoreAsync(blobs, temp, key, members, batch.EndedAt ?? batch.CreatedAt, cancellationToken);
        await batches.RecordArchiveAsync(batch.Id, key, cancellationToken);
        logger.BatchArchiveStored(batch.Id, members.Count, bytes, watch.ElapsedMilliseconds);
    }

    /// <summary>Each job's bundle members under its folder, jobs in file order; a job that produced nothing has no folder.</summary>
    internal static IReadOnlyList<ArchiveMember> MembersOf(IReadOnlyList<Job> jobs)
    {
        var withResults = jobs.Select(job => (job, members: ArchiveBuilder.MembersOf(job))).Where(x => x.members.Count > 0).ToList();
        var folders = BatchFolderNames.For(withResults.Select(x => x.job.OriginalName));
        return withResults.SelectMany((x, i) => x.members.Select(m => m with { Name = $"{folders[i]}/{m.Name}" })).ToList();
    }
}
