using Microsoft.Extensions.Options;
using PixTools.Intake;
using PixTools.Jobs;
using PixTools.Operations;
using PixTools.Operations.Vips;
using PixTools.Storage;
using PixTools.Worker;

namespace PixTools.Api;

/// <summary>GET /api/capabilities: what this server can do and its limits, so the web page can check input before uploading.</summary>
public static class CapabilitiesEndpoint
{
    public static Capabilities Handle(
        OperationCatalog catalog, IOptions<LimitsOptions> limits, IOptions<JobsOptions> jobs, IOptions<ApiOptions> api, IOptions<ImagingOptions> imaging,
        IOptions<StorageOptions> storage, IOptions<BatchOptions> batches, IOptions<Intake.Admission.AdmissionOptions> admission) => new(
            OperationNames.All.Where(catalog.Supports).ToList(),
            limits.Value.MaxUploadBytes,
            limits.Value.MaxPixels,
            limits.Value.MaxOutputSide,
            (long)jobs.Value.Retention.TotalSeconds,
            !string.IsNullOrEmpty(api.Value.ApiKey),
            ImageFormats.All.Select(f => (f.Operation, Quality: imaging.Value.DefaultQuality(f)))
                .Where(d => d.Quality is not null).ToDictionary(d => d.Operation, d => d.Quality!.Value),
            limits.Value.MaxOutputs,
            (long)storage.Value.DownloadUrlLifetime.TotalSeconds,
            ImageFormats.Inputs.Where(f => f != ImageFormats.Heic || HeifConverter.IsAvailable)
                .Select(f => f == ImageFormats.Jpeg ? "jpeg" : f.Extension).ToList(),
            BatchFiles.MaxFilesOf(batches.Value, admission.Value),
            batches.Value.MaxBytes,
            imaging.Value.AvifMaxPixels,
            imaging.Value.MaxOutputPixels,
            limits.Value.MaxSide,
            ImageFormats.All.Select(f => (f.Operation, Side: OutputSizeLimits.MaxSide(f)))
                .Where(s => s.Side < int.MaxValue).ToDictionary(s => s.Operation, s => s.Side));
}

/// <summary>
/// The JSON of GET /api/capabilities: the operations this server runs (of <see cref="OperationNames.All"/>), its
/// limits, the quality each conversion uses when a job gives none (<c>Imaging:JpgQuality</c> and the like), the most
/// items of <c>outputs</c>, how long results are kept (<c>Jobs:Retention</c>), how long one download URL works
/// (<c>Storage:DownloadUrlLifetime</c>), the upload formats it reads (<c>heic</c> only when its decoder was found) and
/// the limits of one batch (<c>Batches:MaxFiles</c>, at most <c>Admission:MaxUnfinishedJobs</c>; <c>Batches:MaxBytes</c>), the largest AVIF output
/// (<c>Imaging:AvifMaxPixels</c>), the largest picture any output may be scaled to (<c>Imaging:MaxOutputPixels</c>), the
/// longest side of an upload (<c>Limits:MaxSide</c>) and
/// the longest side each format holds (<see cref="OutputSizeLimits.MaxSide"/>; PNG has none).
/// </summary>
public sealed record Capabilities(
    IReadOnlyList<string> Operations,
    long MaxUploadBytes,
    long MaxPixels,
    int MaxOutputSide,
    long RetentionSeconds,
    bool ApiKeyRequired,
    IReadOnlyDictionary<string, int> DefaultQuality,
    int MaxOutputs,
    long DownloadUrlLifetimeSeconds,
    IReadOnlyList<string> Inputs,
    int MaxBatchFiles,
    long MaxBatchBytes,
    long MaxAvifPixels,
    long MaxOutputPixels,
    int MaxSide,
    IReadOnlyDictionary<string, int> MaxOutputSides);
