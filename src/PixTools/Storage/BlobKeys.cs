using PixTools.Operations;

namespace PixTools.Storage;

/// <summary>The only place blob keys are made. Deterministic: the same job and operation always map to the same key.</summary>
public static class BlobKeys
{
    /// <summary>The uploaded source: <c>raw/{job}/{name}</c>.</summary>
    public static string Source(Guid jobId, string baseName, ImageFormat format) => $"raw/{jobId:D}/{baseName}.{format.Extension}";

    /// <summary>An operation's result file: <c>processed/{job}/{op}.{ext}</c>.</summary>
    public static string Result(Guid jobId, string operation, string extension) => $"processed/{jobId:D}/{operation}.{extension}";

    /// <summary>The extension of the file an operation writes, or null when it writes none (metadata).</summary>
    public static string? ResultExtension(string operation) =>
        operation == OperationNames.Denoise ? ImageFormats.Png.Extension : ImageFormats.ForOperation(operation)?.Extension;

    /// <summary>The ZIP of all results: <c>archives/{job}/bundle.zip</c>.</summary>
    public static string Archive(Guid jobId) => $"archives/{jobId:D}/bundle.zip";

    /// <summary>The ZIP of a batch: <c>archives/batches/{batch}/bundle.zip</c>.</summary>
    public static string BatchArchive(Guid batchId) => $"archives/batches/{batchId:D}/bundle.zip";

    /// <summary>The batch ZIP's download name <c>pixtools_batch_{batch}.zip</c>.</summary>
    public static string BatchArchiveName(Guid batchId) => $"pixtools_batch_{batchId:D}.zip";

    /// <summary>The download file name <c>pixtools_{op}_{base}.{ext}</c> (API.md).</summary>
    public static string DownloadName(string operation, string baseName, string extension) => $"pixtools_{operation}_{baseName}.{extension}";
}
