using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace PixTools.Api.Reference;

/// <summary>
/// Serves /docs: the page is rendered once per process, on the first visit, from the same OpenAPI document that
/// /openapi/v1.json serves (taken in-process from the document provider), and then sent from memory with an ETag,
/// so a browser's revalidation is a 304.
/// </summary>
internal sealed class ApiReferencePage(string documentName, ILogger logger)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private Rendered? rendered;

    public async Task<IResult> ServeAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var page = await GetAsync(context.RequestServices, cancellationToken);
        // Stored, but checked with the server on each use: a new version of the server serves a new ETag.
        context.Response.Headers.CacheControl = "no-cache";
        return Results.Bytes(page.Html, "text/html; charset=utf-8", entityTag: page.ETag);
    }

    /// <summary>The OpenAPI document as JSON, in the version /openapi/{documentName}.json serves.</summary>
    public static async Task<string> DocumentJsonAsync(IServiceProvider services, string documentName, CancellationToken cancellationToken)
    {
        var provider = services.GetRequiredKeyedService<IOpenApiDocumentProvider>(documentName);
        var document = await provider.GetOpenApiDocumentAsync(cancellationToken);
        var version = services.GetRequiredService<IOptionsMonitor<OpenApiOptions>>().Get(documentName).OpenApiVersion;
        return await document.SerializeAsJsonAsync(version, cancellationToken);
    }

    private async Task<Rendered> GetAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref rendered) is { } done) return done;
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (rendered is null)
            {
                var started = TimeProvider.System.GetTimestamp();
                var json = await DocumentJsonAsync(services, documentName, cancellationToken);
                using var document = JsonDocument.Parse(json);
                var html = Encoding.UTF8.GetBytes(ApiReferenceRenderer.Render(document.RootElement, await StylesheetAsync(services, cancellationToken)));
                var tag = Convert.ToHexStringLower(SHA256.HashData(html).AsSpan(0, 12));
                Volatile.Write(ref rendered, new Rendered(html, new EntityTagHeaderValue($"\"{tag}\"")));
                logger.LogInformation("Rendered the API reference ({Bytes} bytes) in {ElapsedMs:F0} ms", html.Length,
                    TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
            }
            return rendered;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>wwwroot/reference.css, put into the page so that it shows without waiting for a second request.</summary>
    private static async Task<string?> StylesheetAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var file = services.GetRequiredService<IWebHostEnvironment>().WebRootFileProvider.GetFileInfo(ApiReferenceEndpoints.StylesheetPath.TrimStart('/'));
        if (!file.Exists) return null;
        await using var stream = file.CreateReadStream();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    private sealed record Rendered(byte[] Html, EntityTagHeaderValue ETag);
}
