using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using PixTools.Intake;
using PixTools.Operations;
using PixTools.Webhooks;

namespace PixTools.Api;

/// <summary>
/// POST /api/process in the OpenAPI document (and so in /docs) as the multipart form it is — every field with its
/// type, limit and an example — and every answer, the refusals with their ProblemDetails shape (docs/api.md).
/// The endpoint reads the form itself (UploadReader streams it with the size cap), so nothing is inferred from a
/// bound parameter; this describes it.
/// </summary>
public sealed class ProcessFormOpenApi(IOptions<LimitsOptions> limits) : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (!string.Equals(context.Description.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase)
            || !string.Equals(context.Description.RelativePath?.TrimStart('/'), "api/process", StringComparison.OrdinalIgnoreCase))
        {
            return Task.CompletedTask;
        }

        var l = limits.Value;
        operation.Description =
            "Uploads an image and the operations to run on it; answers 202 with the job id at once, and the job runs in the " +
            "background (poll GET /api/jobs/{job_id}). Send the text fields before `file`: a `webhook_url` that arrives first is " +
            "checked before the file is read. Refusals are `application/problem+json` whose `detail` is one plain sentence.";
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "multipart/form-data; the fields below, text fields first.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["multipart/form-data"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        // file always; then operations, or outputs (with which operations may hold only metadata).
                        Required = new HashSet<string> { "file" },
                        AnyOf =
                        [
                            new OpenApiSchema { Required = new HashSet<string> { "operations" } },
                            new OpenApiSchema { Required = new HashSet<string> { "outputs" } },
                        ],
                        Properties = FormFields(l),
                    },
                    Encoding = new Dictionary<string, OpenApiEncoding>
                    {
                        ["file"] = new() { ContentType = string.Join(", ", ImageFormats.Inputs.Select(f => f.ContentType)) },
                        ["operations"] = new() { ContentType = "text/plain" },
                        ["operation_params"] = new() { ContentType = "text/plain" },
                        ["webhook_url"] = new() { ContentType = "text/plain" },
                    },
                },
            },
        };

        operation.Responses = new OpenApiResponses
        {
            ["202"] = new OpenApiResponse
            {
                Description = "Accepted: the job exists and runs; `Location` is the job's URL.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new()
                    {
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Required = new HashSet<string> { "job_id", "status" },
                            Properties = new Dictionary<string, IOpenApiSchema>
                            {
                                ["job_id"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" },
                                ["status"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "PENDING (or, for a replayed Idempotency-Key, the earlier job's status)" },
                            },
                        },
                        Example = JsonNode.Parse("""{"job_id":"0199a1b2-0000-7000-8000-000000000001","status":"PENDING"}"""),
                    },
                },
            },
            ["400"] = Problem("The file is not what it claims: an unknown content type, bytes that are not that format, an empty, damaged or truncated image.",
                400, "file is not a valid jpg image: it ends before the end of its image data (the file is truncated)"),
            ["401"] = Unauthorized(),
            ["413"] = Problem($"The file is over the size limit ({Readable.Bytes(l.MaxUploadBytes)} here).", 413,
                $"The file is larger than the limit of {Readable.Bytes(l.MaxUploadBytes)}; send a smaller image."),
            ["415"] = Problem("The request is not multipart/form-data, or the file is HEIC/HEIF and this server has no decoder for it.", 415,
                "The request must be sent as multipart/form-data (the image in a field named file, with operations or outputs), not as application/json."),
            ["422"] = Problem("A field breaks a rule: file, or both operations and outputs, missing; an unknown or repeated operation, a conversion to the file's own format, " +
                $"bad operation_params or outputs (the item and key named), a bad webhook_url, or an image over {Readable.Pixels(l.MaxPixels)}.", 422,
                "This image is 24,000 × 18,000 pixels; the limit is 100 megapixels."),
            ["429"] = TooManyRequests(),
            ["503"] = RetryLater(Problem("The service is full (unfinished work at its ceiling) or a dependency (database, queue, storage) is down; " +
                "decided before the upload is read and nothing is kept. Send the same request again after Retry-After (with the same Idempotency-Key).", 503,
                "The service is busy with 1000 unfinished jobs (it takes at most 1000). Please try again later.")),
            ["500"] = Problem("Something unexpected failed on the server; the request_id finds it in the logs.", 500,
                "an unexpected error occurred; quote request id 0HNA1B2C3D4E5:00000001 when reporting it"),
        };
        return Task.CompletedTask;
    }

    private static Dictionary<string, IOpenApiSchema> FormFields(LimitsOptions l) => new()
    {
        ["operations"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "A JSON array of operation names, non-empty, each at most once: jpg, png, webp, avif (conversions), denoise (PNG out), " +
                "metadata (EXIF into the job's metadata, no file). A conversion to the file's own format is refused.",
            MaxLength = 65536,
            Examples = [JsonValue.Create("""["webp","avif","metadata"]""")],
        },
        ["operation_params"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "Optional. A JSON object keyed by operation name: `quality` (jpg, webp, avif: integer 1..100), " +
                $"`resize` (jpg, png, webp, avif, denoise: {{\"width\", \"height\", \"fit\"}}, sides 1..{l.MaxOutputSide.ToString(CultureInfo.InvariantCulture)} px, " +
                "fit one of fill (the default), inside, cover, contain), `strength` (denoise: 0..75 or \"auto\", the default). " +
                "A param on the wrong operation, an unknown key or params for an operation not in `operations` is a 422.",
            MaxLength = 65536,
            Examples = [JsonValue.Create("""{"webp":{"quality":75,"resize":{"width":1920}},"avif":{"resize":{"width":800,"height":800,"fit":"inside"}}}""")],
        },
        // "outputs" (named outputs, each its own recipe) is added by OutputsOpenApi, with its own schema.
        ["webhook_url"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Format = "uri",
            Description = "Optional. An absolute http:// or https:// URL, not a private or loopback address, called with the job's JSON when it ends " +
                "(signed; see webhooks.md). Send it before `file` so that a bad one is refused before the upload is read.",
            MaxLength = WebhookUrlValidator.MaxLength,
            Examples = [JsonValue.Create("https://example.com/hooks/pixtools")],
        },
        ["file"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Format = "binary",
            Description = $"The image: JPEG, PNG, WebP, AVIF, TIFF, GIF or HEIC (checked by its bytes), at most {Readable.Bytes(l.MaxUploadBytes)} and {Readable.Pixels(l.MaxPixels)}.",
        },
    };

    internal static OpenApiResponse Problem(string description, int status, string detail) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/problem+json"] = new()
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "RFC 7807 problem details.",
                    Required = new HashSet<string> { "status", "detail" },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A URI naming the kind of problem." },
                        ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The status code's standard phrase." },
                        ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Description = "The HTTP status code." },
                        ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "One plain sentence for a person: what is wrong and what to do." },
                        ["request_id"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The X-Request-ID of the request, for the logs." },
                    },
                },
                Example = new JsonObject
                {
                    ["type"] = "https://tools.ietf.org/html/rfc9110",
                    ["title"] = ReasonPhrase(status),
                    ["status"] = status,
                    ["detail"] = detail,
                    ["request_id"] = "0HNA1B2C3D4E5:00000001",
                },
            },
        },
    };

    /// <summary>The 401 of every endpoint behind the API key.</summary>
    internal static OpenApiResponse Unauthorized() =>
        Problem("An API key is configured and X-API-Key is missing or wrong.", 401, "X-API-Key header is required");

    /// <summary>The 429 of every submission endpoint (the per-client rate limit), with Retry-After.</summary>
    internal static OpenApiResponse TooManyRequests() =>
        RetryLater(Problem("This client (its API key, else its address) sent more than its share of submissions: wait the seconds in Retry-After.", 429,
            "Too many requests from this client. Please wait 3 seconds before trying again."));

    /// <summary><paramref name="response"/> with the Retry-After header it always carries.</summary>
    internal static OpenApiResponse RetryLater(OpenApiResponse response)
    {
        response.Headers = new Dictionary<string, IOpenApiHeader>
        {
            ["Retry-After"] = new OpenApiHeader
            {
                Description = "Seconds to wait before sending again (an estimate from how fast the service is draining its work).",
                Required = true,
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
            },
        };
        return response;
    }

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
}
