using PixTools.Jobs;

namespace PixTools.Intake;

/// <summary>One <c>file</c> part of a batch in the order it came: its bytes, or why it was refused while it was read.</summary>
public sealed record BatchPart(string FileName, UploadedFile? File, string? Refusal);

/// <summary>The <c>file</c> parts of a batch upload as <see cref="UploadReader"/> reads them, with the batch's caps on count and bytes.</summary>
public sealed class BatchFiles(int maxFiles, long maxBytes)
{
    private readonly List<BatchPart> parts = [];

    /// <summary>
    /// The most files a batch may carry: <c>Batches:MaxFiles</c>, and never more than <c>Admission:MaxUnfinishedJobs</c>,
    /// so that every batch accepted at its size can also be admitted once the backlog has room (never a 503 for ever).
    /// </summary>
    public static int MaxFilesOf(BatchOptions batches, Admission.AdmissionOptions admission) => Math.Min(batches.MaxFiles, admission.MaxUnfinishedJobs);

    public int MaxFiles => maxFiles;
    public long MaxBytes => maxBytes;

    /// <summary>Every file part, read or refused, in the order sent.</summary>
    public IReadOnlyList<BatchPart> Parts => parts;

    /// <summary>The bytes of the file parts read so far, refused ones included: the batch's cap counts what was sent.</summary>
    public long TotalBytes { get; private set; }

    public void Add(UploadedFile file)
    {
        parts.Add(new BatchPart(file.FileName, file, null));
        TotalBytes += file.Content.Length;
    }

    /// <summary>A part refused while it was read (over the per-file limit): its <paramref name="length"/> bytes were read past, not kept.</summary>
    public void Refuse(string fileName, long length, string reason)
    {
        parts.Add(new BatchPart(fileName, null, reason));
        TotalBytes += length;
    }

    public Problem TooMany() => Problem.TooLarge($"A batch may carry at most {maxFiles} files; send the others in another batch.");

    public Problem TooLarge() => Problem.TooLarge($"The files of a batch may add up to at most {Readable.Bytes(maxBytes)}; send them in smaller batches.");
}
