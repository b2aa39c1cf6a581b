using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using PixTools.Storage;

namespace PixTools.Intake;

/// <summary>
/// Streams a multipart upload with the size cap enforced while reading: a declared length over the cap is
/// refused before a byte is read, and an undeclared one as soon as the cap is passed. The file goes to disk as it
/// arrives (<see cref="SpooledFile"/>, in this process's temporary folder, deleted when the request ends): an upload
/// costs a small buffer of memory, whatever its size.
/// </summary>
public sealed class UploadReader(IOptions<LimitsOptions> limits, WorkTempFolder tempFolder)
{
    /// <summary>Room for the form's text fields and multipart framing on top of the file itself.</summary>
    public const int FormOverheadBytes = 256 * 1024;

    private const int MaxFieldBytes = 64 * 1024;

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private const int MultipartBufferBytes = 64 * 1024;

    /// <summary>
    /// The other names a batch's file parts may carry besides <c>file</c>: what HTML forms, multer, PHP and many HTTP
    /// clients send for a list of files.
    /// </summary>
    public static readonly IReadOnlySet<string> BatchFileFieldAliases = new HashSet<string>(StringComparer.Ordinal) { "files", "files[]", "file[]" };

    /// <summary>
    /// Reads the form. The sections are read in the order they were sent, so a field that comes before the file is
    /// checked before the file's bytes are read: <paramref name="checkWebhookUrl"/> (when given) runs as soon as
    /// <c>webhook_url</c> arrives, and a refusal answers at once, with the upload unread (API.md asks clients to send
    /// <c>webhook_url</c> before <c>file</c>).
    /// </summary>
    public Task<Outcome<UploadForm>> ReadAsync(
        HttpRequest request, CancellationToken cancellationToken, Func<string, CancellationToken, Task<Problem?>>? checkWebhookUrl = null) =>
        ReadAsync(request, batch: null, cancellationToken, checkWebhookUrl);

    /// <summary>
    /// With <paramref name="batch"/>, every <c>file</c> part is read into <see cref="BatchFiles.Parts"/> (at most its
    /// count and byte total); a file over Limits:MaxUploadBytes is read past (never more than that buffered) and listed
    /// as refused, the others go on. The form's <c>File</c> is then the last one read.
    /// </summary>
    public async Task<Outcome<UploadForm>> ReadAsync(
        HttpRequest request, BatchFiles? batch, CancellationToken cancellationToken, Func<string, CancellationToken, Task<Problem?>>? checkWebhookUrl = null)
    {
        var maxFile = limits.Value.MaxUploadBytes;
        var maxBody = batch is null ? maxFile + FormOverheadBytes : batch.MaxBytes + FormOverheadBytes + batch.MaxFiles * 1024L;
        Problem TooLarge() => batch?.TooLarge() ?? UploadReader.TooLarge(maxFile);
        if (request.ContentLength > maxBody) return TooLarge();
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = maxBody;
        }
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Length == 0)
        {
            return Problem.Unprocessable(batch is null
                ? "The request must be sent as multipart/form-data with a boundary (the image in a field named file, with operations or outputs)."
                : "The request must be sent as multipart/form-data with a boundary (the images in fields named files, with operations or outputs).");
        }

        try
        {
            // Each spooled file is deleted when the request ends, whatever it ended with.
            async Task<(SpooledFile?, long)> SpoolAsync(Stream body, long max, CancellationToken token)
            {
                (SpooledFile? spooled, long read) = (null, 0);
                try
                {
                    (spooled, read) = await SpooledFile.WriteAsync(body, max, tempFolder.Path, token);
                }
                catch (DirectoryNotFoundException)
                {
                    // The folder was removed from outside (nothing of the body was read yet): made again, once.
                    (spooled, read) = await SpooledFile.WriteAsync(body, max, tempFolder.Restore(), token);
                }
                if (spooled is not null) request.HttpContext.Response.RegisterForDisposeAsync(spooled);
                return (spooled, read);
            }
            // 64 KiB at a time, more than the reader's default: fewer, longer reads of the body and passes of the boundary search.
            var reader = new MultipartReader(HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value!, request.Body, MultipartBufferBytes);
            return await ReadSectionsAsync(reader, maxFile, batch, checkWebhookUrl, SpoolAsync, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            return Problem.BadRequest(Unreadable(e));
        }
    }

    /// <summary>
    /// Why the multipart body could not be read, as a sentence: the framework's own words ("Unexpected end of Stream,
    /// the content may have already been read by another component.") describe its internals, not the request.
    /// </summary>
    private static string Unreadable(Exception e) => e switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status408RequestTimeout } =>
            "the upload arrived too slowly and was stopped; send it again",
        InvalidDataException => $"the multipart body is malformed ({e.Message.TrimEnd(' ', '.')})",
        _ => "the multipart body ends before its closing boundary: the upload was cut short, or its parts are not separated by the boundary the Content-Type header names",
    };

    private static async Task<Outcome<UploadForm>> ReadSectionsAsync(
        MultipartReader reader, long maxFile, BatchFiles? batch, Func<string, CancellationToken, Task<Problem?>>? checkWebhookUrl,
        Func<Stream, long, CancellationToken, Task<(SpooledFile?, long)>> spool, CancellationToken cancellationToken)
    {
        UploadedFile? file = null;
        string? strayFileField = null;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase)) continue;
            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
            if (name == "file" || (batch is not null && BatchFileFieldAliases.Contains(name)))
            {
                if (file is not null && batch is null) return Problem.Unprocessable("file must be given once, got more than one");
                if (batch is not null && batch.Parts.Count >= batch.MaxFiles) return batch.TooMany();
                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";
                var cap = batch is null ? maxFile : Math.Min(maxFile, batch.MaxBytes - batch.TotalBytes);
                var (content, read) = await spool(section.Body, cap, cancellationToken);
                if (content is null)
                {
                    if (batch is null) return TooLarge(maxFile);
                    if (cap < maxFile) return batch.TooLarge();
                    // In a batch a file over the per-file limit fails alone: the rest of it is read past, never kept.
                    var length = await SkipCappedAsync(section.Body, read, batch.MaxBytes - batch.TotalBytes, cancellationToken);
                    if (length is null) return batch.TooLarge();
                    batch.Refuse(fileName, length.Value, FileTooLarge(length.Value, maxFile));
                    continue;
                }
                file = new UploadedFile(content, fileName, section.ContentType);
                batch?.Add(file);
            }
            else if (name is "operations" or "operation_params" or "webhook_url" or "outputs")
            {
                // Sent twice (an HTML form's checkboxes, or -F operations=webp -F operations=avif), the second would silently win.
                if (fields.ContainsKey(name)) return Problem.Unprocessable(RepeatedField(name));
                var (bytes, _) = await ReadCappedAsync(section.Body, MaxFieldBytes, cancellationToken);
                if (bytes is null) return Problem.Unprocessable($"{name} must be at most {Readable.Bytes(MaxFieldBytes)}");
                // A byte-order mark (what Windows editors and PowerShell put before a UTF-8 file sent with -F name=<file) is
                // not part of the value.
                fields[name] = System.Text.Encoding.UTF8.GetString(bytes.AsSpan().StartsWith(Utf8Bom) ? bytes.AsSpan(Utf8Bom.Length) : bytes);
                if (name == "webhook_url" && checkWebhookUrl is not null && await checkWebhookUrl(fields[name], cancellationToken) is { } refused)
                {
                    return refused;
                }
            }
            else if (disposition.FileName.HasValue || disposition.FileNameStar.HasValue)
            {
                // A file under another name (image, upload, files…) is not read; its field is named in the refusal.
                strayFileField ??= name;
            }
        }
        return new UploadForm(file, fields.GetValueOrDefault("operations"), fields.GetValueOrDefault("operation_params"), fields.GetValueOrDefault("webhook_url"), fields.GetValueOrDefault("outputs"))
        {
            StrayFileField = strayFileField,
            ForABatch = batch is not null,
        };
    }

    /// <summary>The section's bytes, or null as soon as they pass <paramref name="max"/>; with how many bytes were read.</summary>
    private static async Task<(byte[]? Bytes, long Read)> ReadCappedAsync(Stream body, long max, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > max) return (null, buffer.Length + read);
            buffer.Write(chunk, 0, read);
        }
        return (buffer.ToArray(), buffer.Length);
    }

    /// <summary>
    /// Reads the rest of the section into nothing: its whole length (<paramref name="read"/> already read), or null as
    /// soon as that passes <paramref name="max"/>. Memory stays one chunk whatever the section's size.
    /// </summary>
    private static async Task<long?> SkipCappedAsync(Stream body, long read, long max, CancellationToken cancellationToken)
    {
        var chunk = new byte[81920];
        var length = read;
        int got;
        while (length <= max && (got = await body.ReadAsync(chunk, cancellationToken)) > 0) length += got;
        return length <= max ? length : null;
    }

    private static string RepeatedField(string name) => name == "operations"
        ? "operations must be given once, as one JSON array of every operation wanted (e.g. [\"webp\",\"avif\"]); this request sent the field more than once"
        : $"{name} must be given once; this request sent the field more than once";

    /// <summary>The reason a batch gives for one file over the per-file limit.</summary>
    private static string FileTooLarge(long length, long maxFile) =>
        $"This file is {Readable.Bytes(length)}, larger than the limit of {Readable.Bytes(maxFile)} for one file; it was not stored.";

    private static Problem TooLarge(long maxFile) =>
        Problem.TooLarge($"The file is larger than the limit of {Readable.Bytes(maxFile)}; send a smaller image.");
}
