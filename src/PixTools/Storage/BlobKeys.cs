using PixTools.Operations;

namespace PixTools.Storage;

/// <summary>The only place blob keys are made. Deterministic: the same job and operation always map to the same key.</summary>
public static class BlobKeys
{
    /// <summary>
    /// The uploaded source: <c>raw/{job}/{name}</c>, the base name in ASCII (each run of other characters one '_',
    /// <c>image</c> when nothing is left): keys stay plain ASCII on every store, the UTF-8 name lives in the job.
    /// </summary>
    public static string Source(Guid jobId, string baseName, ImageFormat format) => $"raw/{jobId:D}/{AsciiName(baseName)}.{format.Extension}";

    private static string AsciiName(string baseName)
    {
        var ascii = new System.Text.StringBuilder(baseName.Length);
        foreach (var c in baseName)
        {
            var kept = char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_';
            if (kept == '_' && ascii.Length > 0 && ascii[^1] == '_') continue;
            ascii.Append(kept);
        }
        var result = ascii.ToString().Trim('.', '_');
        return result.Any(char.IsAsciiLetterOrDigit) ? result : "image";
    }

    /// <summary>An operation's result file: <c>processed/{job}/{op}.{ext}</c>.</summary>
    public static string Result(Guid jobId, string operation, string extension) => $"processed/{jobId:D}/{operation}.{extension}";

    /// <summary>The extension of the file an operation writes, or null when it writes none (metadata).</summary>
    public static string? ResultExtension(string operation) =>
        operation == OperationNames.Denoise ? ImageFormats.Png.Extension : ImageFormats.ForOperation(operation)?.Extension;

    /// <summary>The ZIP of all results: <c>archives/{job}/bundle.zip</c>.</summary>
    public static string Archive(Guid jobId) => $"archives/{jobId:D}/bundle.zip";

    /// <summary>The ZIP's download file name <c>pixtools_bundle_{base}.zip</c>, as the system PixTools replaces named it (API.md).</summary>
    public static string ArchiveDownloadName(string baseName) => $"pixtools_bundle_{baseName}.zip";
    /// <summary>The ZIP of a batch: <c>archives/batches/{batch}/bundle.zip</c>.</summary>
    public static string BatchArchive(Guid batchId) => $"archives/batches/{batchId:D}/bundle.zip";

    /// <summary>The batch ZIP's download name <c>pixtools_batch_{batch}.zip</c>.</summary>
    public static string BatchArchiveName(Guid batchId) => $"pixtools_batch_{batchId:D}.zip";

    /// <summary>The download file name <c>pixtools_{op}_{base}.{ext}</c> (API.md).</summary>
    public static string DownloadName(string operation, string baseName, string extension) => $"pixtools_{operation}_{baseName}.{extension}";
}
