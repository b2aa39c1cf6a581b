namespace PixTools.Intake;

/// <summary>The <c>file</c> parts of a batch upload as <see cref="UploadReader"/> reads them, with the batch's caps on count and bytes.</summary>
public sealed class BatchFiles(int maxFiles, long maxBytes)
{
    private readonly List<UploadedFile> files = [];

    public int MaxFiles => maxFiles;
    public long MaxBytes => maxBytes;
    public IReadOnlyList<UploadedFile> Files => files;

    /// <summary>The bytes of the files read so far.</summary>
    public long TotalBytes { get; private set; }

    public void Add(UploadedFile file)
    {
        files.Add(file);
        TotalBytes += file.Content.Length;
    }

    public Problem TooMany() => Problem.TooLarge($"a batch may carry at most {maxFiles} files, got more");

    public Problem TooLarge() => Problem.TooLarge($"the files of a batch must add up to at most {maxBytes} bytes");
}
