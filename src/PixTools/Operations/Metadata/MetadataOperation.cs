namespace PixTools.Operations.Metadata;

/// <summary>
/// The <c>metadata</c> operation: reads camera, lens, capture time, exposure and GPS from the source's EXIF
/// (JPEG, PNG eXIf, WebP, AVIF) into the job view's <c>metadata</c> object. Writes no file. A file without
/// EXIF, or one whose EXIF is damaged beyond reading, gives <c>{}</c> rather than failing the job (API.md).
/// </summary>
public sealed class MetadataOperation : IImageOperation
{
    public string Name => OperationNames.Metadata;

    public Task<OperationOutput> RunAsync(OperationInput input, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        cancellationToken.ThrowIfCancellationRequested();

        var directories = MetadataDirectoryReader.Read(input.Source, input.SourceFormat);
        IReadOnlyDictionary<string, object> metadata = ExifSummary.Build(directories);
        return Task.FromResult(new OperationOutput(null, metadata));
    }
}
