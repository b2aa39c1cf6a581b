using System.Diagnostics;
using System.IO.Compression;
using PixTools.Jobs;
using PixTools.Observability;
using PixTools.Storage;

namespace PixTools.Finalize;

/// <summary>
/// The batch ZIP at <see cref="BlobKeys.BatchArchive"/>: one folder per source file (<see cref="BatchFolderNames"/>) holding
/// what that file's job bundle holds. Streamed as <see cref="ArchiveBuilder"/> does: blob → temporary file → blob, memory
/// bounded by the copy buffer whatever the batch's size.
/// </summary>
public sealed class BatchArchiveBuilder(BatchStore batches, IBlobStore blobs, ILogger<BatchArchiveBuilder> logger)
{
    private const int CopyBufferBytes = 81920;

    /// <summary>Builds, stores and records the ZIP; nothing when no job of the batch produced anything.</summary>
    public async Task BuildAsync(Batch batch, IReadOnlyList<Job> jobs, CancellationToken cancellationToken)
    {
        var members = MembersOf(jobs);
        if (!members.Any(m => m.BlobKey is not null)) return;
        using var activity = PixToolsActivity.Source.StartActivity("build batch archive");
        activity?.SetTag("pixtools.batch_id", batch.Id);
        var watch = Stopwatch.StartNew();
        var temp = Path.Combine(Path.GetTempPath(), $"pixtools-batch-{batch.Id:N}-{Guid.NewGuid():N}.zip");
        await using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, CopyBufferBytes,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await WriteZipAsync(file, batch, members, cancellationToken);

        var bytes = file.Length;
        file.Position = 0;
        var key = BlobKeys.BatchArchive(batch.Id);
        await blobs.PutAsync(key, file, "application/zip", cancellationToken);
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

    private async Task WriteZipAsync(Stream destination, Batch batch, IReadOnlyList<ArchiveMember> members, CancellationToken cancellationToken)
    {
        var stamp = new DateTimeOffset(DateTime.SpecifyKind(batch.EndedAt ?? batch.CreatedAt, DateTimeKind.Utc));
        await using var zip = await ZipArchive.CreateAsync(destination, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancellationToken);
        foreach (var member in members)
        {
            var entry = zip.CreateEntry(member.Name, member.BlobKey is null ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
            entry.LastWriteTime = stamp;
            await using var target = await entry.OpenAsync(cancellationToken);
            if (member.BlobKey is { } key)
            {
                await using var source = await blobs.OpenReadAsync(key, cancellationToken);
                await source.CopyToAsync(target, CopyBufferBytes, cancellationToken);
            }
            else
            {
                await ArchiveBuilder.WriteIndentedJsonAsync(target, member.Json!, cancellationToken);
            }
        }
    }
}
