using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.StaticFiles;
using PixTools.Intake;
using PixTools.Storage;

namespace PixTools.Api;

/// <summary>
/// GET /api/files/{key}: serves a local-store blob behind a signed, expiring URL (403 otherwise), as an attachment;
/// byte ranges for resumed downloads, and HEAD (the headers alone: size and name) for download managers and link checkers.
/// A stored file never changes, so the answer carries an <c>ETag</c> and <c>Last-Modified</c> (a revalidation gets 304,
/// and <c>If-Range</c> resumes only the same file) and may be cached privately until the link expires.
/// </summary>
public static class DownloadEndpoint
{
    // ASP.NET's table names .zip application/x-zip-compressed (Windows' name); the registered type is application/zip,
    // which the ZIP is stored with on S3 too.
    private static readonly FileExtensionContentTypeProvider ContentTypes = new() { Mappings = { [".zip"] = "application/zip" } };

    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> HandleAsync(
        string key, string? name, string? exp, string? sig, SignedUrls signedUrls, IBlobStore blobs, TimeProvider clock, HttpResponse response,
        CancellationToken cancellationToken)
    {
        if (signedUrls.Verify(key, name, exp, sig) is { } refusal)
        {
            return new Problem(StatusCodes.Status403Forbidden, refusal).ToHttpResult();
        }
        try
        {
            var stream = await blobs.OpenReadAsync(key, cancellationToken);
            var contentType = ContentTypes.TryGetContentType(key, out var type) ? type : "application/octet-stream";
            var (lastModified, entityTag) = Validators(stream);
            // The signature was checked, so exp is a number; the URL (and what it names) lives until then.
            var lifetime = long.Parse(exp!, System.Globalization.CultureInfo.InvariantCulture) - clock.GetUtcNow().ToUnixTimeSeconds();
            response.Headers.CacheControl = $"private, max-age={Math.Max(0, lifetime)}, immutable";
            return TypedResults.File(stream, contentType, SafeFileName(name!), lastModified, entityTag, enableRangeProcessing: true);
        }
        catch (BlobNotFoundException)
        {
            return Problem.NotFound("the file is no longer stored (it may have expired)").ToHttpResult();
        }
    }

    /// <summary>
    /// Last-Modified and a strong ETag (size and write time) for a file of the local store; none for another stream.
    /// </summary>
    private static (DateTimeOffset? LastModified, Microsoft.Net.Http.Headers.EntityTagHeaderValue? Tag) Validators(Stream stream)
    {
        if (stream is not FileStream file) return (null, null);
        var written = File.GetLastWriteTimeUtc(file.Name);
        var tag = new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{file.Length:x}-{written.Ticks:x}\"");
        return (new DateTimeOffset(written), tag);
    }

    /// <summary>
    /// The name is signed, so it is ours (UTF-8, cleaned by Intake.OriginalName); still, nothing that could break the
    /// header gets through. The file result writes it as RFC 6266 <c>filename*=UTF-8''…</c> with an ASCII
    /// <c>filename=</c> fallback (each other character an '_').
    /// </summary>
    private static string SafeFileName(string name) =>
        new(name.Select(c => char.IsControl(c) || c is '"' or '\\' or '/' ? '_' : c).ToArray());
}
