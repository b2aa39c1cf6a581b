namespace PixTools.Operations;

/// <summary>One operation of a job (a conversion, denoise or metadata), run by a worker on one source image.</summary>
public interface IImageOperation
{
    /// <summary>The contract name, e.g. <c>webp</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Runs the operation on <paramref name="input"/>. A file result is written to <paramref name="destination"/>;
    /// bad input (undecodable, truncated, over a limit) throws <see cref="Vips.ImageInputException"/>.
    /// </summary>
    Task<OperationOutput> RunAsync(OperationInput input, Stream destination, CancellationToken cancellationToken);
}

/// <summary>The source image bytes, their sniffed format and the operation's validated parameters.</summary>
public sealed record OperationInput(byte[] Source, ImageFormat SourceFormat, OperationParams Params);

/// <summary>
/// What an operation produced: a file written to the destination stream, metadata, or both; and, when it chose a
/// parameter itself (denoise's automatic strength), the parameters as applied, which the job then reports.
/// </summary>
public sealed record OperationOutput(ResultFile? File, IReadOnlyDictionary<string, object>? Metadata = null, OperationParams? Applied = null);

/// <summary>The file an operation wrote, described for the job view and the download name.</summary>
public sealed record ResultFile(string Extension, string ContentType, int Width, int Height);
