using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using PixTools.Storage;

namespace PixTools.Jobs.Views;

/// <summary>Turns a job row into its <see cref="JobView"/>, signing fresh download URLs on every call.</summary>
public sealed class JobViewBuilder(IBlobStore blobs, IOptions<StorageOptions> storage, PublicBaseUrl baseUrl)
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;

    public async Task<JobView> BuildAsync(Job job, HttpRequest? request, CancellationToken cancellationToken)
    {
        var lifetime = storage.Value.DownloadUrlLifetime;
        var resultUrls = new Dictionary<string, string>();
        var results = new Dictionary<string, ResultView>();
        foreach (var run in job.Runs.Where(r => r.Status == OperationRunStatus.Succeeded && r.ResultKey is not null))
        {
            var extension = Path.GetExtension(run.ResultKey)!.TrimStart('.');
            var name = BlobKeys.DownloadName(run.Operation, job.OriginalName, extension);
            var url = Absolute(await blobs.GetDownloadUrlAsync(run.ResultKey!, name, lifetime, cancellationToken), request);
            resultUrls[run.Operation] = url;
            var recipe = OperationParamsJson.Deserialize(run.ParamsJson);
            results[run.Operation] = new ResultView(url, extension, run.Width ?? 0, run.Height ?? 0, run.ResultBytes ?? 0,
                recipe.Lossless == true ? null : recipe.Quality, recipe.Strength?.Sigma);
        }
        string? archiveUrl = null;
        if (job.ArchiveKey is not null)
        {
            archiveUrl = Absolute(await blobs.GetDownloadUrlAsync(job.ArchiveKey, BlobKeys.ArchiveDownloadName(job.OriginalName), lifetime, cancellationToken), request);
        }
        var progress = job.Operations.ToDictionary(op => op, op => ViewOf(job.Runs.SingleOrDefault(r => r.Operation == op)));
        return new JobView(
            job.Id,
            job.Status.ToString(),
            job.Operations,
            resultUrls,
            archiveUrl,
            job.MetadataJson is null ? EmptyObject : JsonDocument.Parse(job.MetadataJson).RootElement,
            job.ErrorMessage,
            DateTime.SpecifyKind(job.CreatedAt, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            progress,
            results);
    }

    private static OperationView ViewOf(OperationRun? run) => run is null
        ? new OperationView("pending", null, null, null, null)
        : new OperationView(run.Status.ToString().ToLowerInvariant(), run.ResultBytes, run.Width, run.Height, run.ErrorMessage,
            OperationParamsJson.Deserialize(run.ParamsJson).Strength?.Sigma);

    /// <summary>The local store signs relative URLs; they get the public base (<see cref="PublicBaseUrl"/>).</summary>
    private string Absolute(string url, HttpRequest? request) => url.StartsWith('/') ? baseUrl.For(request) + url : url;
}
