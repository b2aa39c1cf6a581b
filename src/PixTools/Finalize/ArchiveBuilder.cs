using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
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

    private const int CopyBufferBytes = 81920;

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
        var temp = Path.Combine(tempFolder.Path, $"{job.Id:N}-bundle-{Guid.NewGuid():N}.zip");
        await using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, CopyBufferBytes,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await WriteZipAsync(file, job, members, cancellationToken);

        var bytes = file.Length;
        file.Position = 0;
        var key = BlobKeys.Archive(job.Id);
        await blobs.PutAsync(key, file, "application/zip", cancellationToken);
        await jobs.RecordArchiveAsync(job.Id, key, cancellationToken);
        logger.ArchiveStored(job.Id, members.Count, bytes, watch.ElapsedMilliseconds);
    }

    /// <summary>
    /// On a seekable stream ZipArchive writes each member straight through (it seeks back to patch the sizes and
    /// CRC into the local header), so only the copy buffer and the deflater's window are held in memory.
    /// </summary>
    private async Task WriteZipAsync(Stream destination, Job job, IReadOnlyList<ArchiveMember> members, CancellationToken cancellationToken)
    {
        // The finish time, not the clock: a bundle rebuilt by a retry or the sweeper comes out the same.
        var stamp = new DateTimeOffset(DateTime.SpecifyKind(job.FinishedAt ?? job.UpdatedAt, DateTimeKind.Utc));
        await using var zip = await ZipArchive.CreateAsync(destination, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancellationToken);
        foreach (var member in members)
        {
            // Images are already compressed (PNG deflate, JPEG/WebP/AVIF entropy coding): deflating them again spends
            // CPU to save well under 1 %, so they are stored as they are. The metadata JSON is text and shrinks well.
            var level = member.BlobKey is null ? CompressionLevel.Optimal : CompressionLevel.NoCompression;
            var entry = zip.CreateEntry(member.Name, level);
            entry.LastWriteTime = stamp;
            await using var target = await entry.OpenAsync(cancellationToken);
            if (member.BlobKey is { } key)
            {
                await using var source = await blobs.OpenReadAsync(key, cancellationToken);
                await source.CopyToAsync(target, CopyBufferBytes, cancellationToken);
            }
            else
            {
                await WriteIndentedJsonAsync(target, member.Json!, cancellationToken);
            }
        }
    }

    /// <summary>The stored metadata JSON, indented for a person opening the bundle; the values are the job view's.</summary>
    internal static async Task WriteIndentedJsonAsync(Stream target, string json, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(json);
        await using var writer = new Utf8JsonWriter(target, new JsonWriterOptions { Indented = true });
        document.WriteTo(writer);
        await writer.FlushAsync(cancellationToken);
    }
}

/// <summary>One file of the bundle: a stored result (<see cref="BlobKey"/>) or text written by the builder (<see cref="Json"/>).</summary>
internal sealed record ArchiveMember(string Name, string? BlobKey, string? Json);
