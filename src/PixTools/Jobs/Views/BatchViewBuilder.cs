using System.Globalization;
using Microsoft.Extensions.Options;
using PixTools.Storage;

namespace PixTools.Jobs.Views;

/// <summary>Turns a batch and its jobs into its <see cref="BatchView"/>, signing a fresh ZIP URL on every call.</summary>
public sealed class BatchViewBuilder(IBlobStore blobs, IOptions<StorageOptions> storage, PublicBaseUrl baseUrl)
{
    public async Task<BatchView> BuildAsync(Batch batch, IReadOnlyList<Job> jobs, HttpRequest? request, CancellationToken cancellationToken)
    {
        var progress = BatchProgress.Of(jobs);
        string? archiveUrl = null;
        if (batch.ArchiveKey is not null)
        {
            var url = await blobs.GetDownloadUrlAsync(batch.ArchiveKey, BlobKeys.BatchArchiveName(batch.Id), storage.Value.DownloadUrlLifetime, cancellationToken);
            archiveUrl = url.StartsWith('/') ? baseUrl.For(request) + url : url;
        }
        return new BatchView(
            batch.Id,
            progress.Status,
            progress.Total,
            progress.Completed,
            progress.Failed,
            jobs.Select(j => new BatchJobView(j.Id, FileNameOf(j), j.Status.ToString())).ToList(),
            archiveUrl,
            DateTime.SpecifyKind(batch.CreatedAt, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }

    /// <summary>The file's (sanitised) name with the extension of its sniffed format, as stored.</summary>
    private static string FileNameOf(Job job) => job.OriginalName + Path.GetExtension(job.SourceKey);
}
