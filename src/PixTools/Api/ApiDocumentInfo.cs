using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace PixTools.Api;

/// <summary>
/// The OpenAPI document's title and the few rules every endpoint shares (docs/api.md), shown at the top of /docs and of
/// Swagger UI at /docs/try.
/// </summary>
public sealed class ApiDocumentInfo : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info ??= new OpenApiInfo();
        document.Info.Title = "PixTools API";
        document.Info.Description =
            "Submit an image with the operations to run on it, then poll the job, follow it as Server-Sent Events or " +
            "receive a signed webhook when it ends; each result is downloaded through a signed URL. JSON field names are " +
            "snake_case. When the server has an API key configured, send it as the `X-API-Key` header. Every refusal is " +
            "`application/problem+json` whose `detail` is one plain sentence, with the `request_id` that finds it in the logs.";
        return Task.CompletedTask;
    }
}
