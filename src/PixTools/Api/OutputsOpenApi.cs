using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using PixTools.Intake;

namespace PixTools.Api;

/// <summary>
/// Documents the <c>outputs</c> field of POST /api/process in the OpenAPI document (docs/api.md "Outputs"): a JSON
/// array (sent as the field's text, <c>application/json</c>) of output objects with every key's rule. Added to the
/// multipart form the document already describes, or to a form of its own when none is described.
/// </summary>
public sealed class OutputsOpenApi(IOptions<LimitsOptions> limits) : IOpenApiOperationTransformer
{
    private const string Multipart = "multipart/form-data";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        if (description.HttpMethod != "POST" || description.RelativePath?.TrimEnd('/') != "api/process") return Task.CompletedTask;

        if (operation.RequestBody is not OpenApiRequestBody body)
        {
            body = new OpenApiRequestBody { Required = true };
            operation.RequestBody = body;
        }
        var content = body.Content ??= new Dictionary<string, OpenApiMediaType>();
        if (!content.TryGetValue(Multipart, out var media))
        {
            media = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.Object, Properties = new Dictionary<string, IOpenApiSchema>() } };
            content[Multipart] = media;
        }
        if (media.Schema is OpenApiSchema form)
        {
            form.Properties ??= new Dictionary<string, IOpenApiSchema>();
            form.Properties["outputs"] = Schema(limits.Value);
        }
        media.Encoding ??= new Dictionary<string, OpenApiEncoding>();
        media.Encoding["outputs"] = new OpenApiEncoding { ContentType = "application/json" };
        return Task.CompletedTask;
    }

    private static OpenApiSchema Schema(LimitsOptions limits) => new()
    {
        Type = JsonSchemaType.Array,
        MinItems = 1,
        MaxItems = limits.MaxOutputs,
        Description = "Named outputs, each its own recipe (docs/api.md \"Outputs\"); with it, operations is optional and may hold only " +
            "metadata. Any rule broken is a 422 naming the item and key, e.g. \"outputs[1].quality: must be an integer 1..100 ...\" " +
            "(items counted from 0). GET /api/jobs/{id} lists each output under result_urls and results by its name.",
        Items = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "name", "format" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["name"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Pattern = "^[a-z0-9][a-z0-9_-]{0,39}$",
                    Description = "Unique in the job (not \"metadata\"); the key in result_urls/results and the file name pixtools_{name}_{base}.{ext}.",
                },
                ["format"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Enum = [.. new[] { "jpg", "png", "webp", "avif", "same" }.Select(v => (JsonNode)v)],
                    Description = "same: the input's own format (recompressing is allowed).",
                },
                ["quality"] = new OpenApiSchema
                {
                    Description = "jpg, webp, avif only. An integer 1..100, or \"auto\" (= \"auto:good\"), \"auto:best\", \"auto:eco\", \"auto:low\": " +
                        "the lowest quality reaching the level's perceptual target. Default: the format's default. The number used is in results.",
                    OneOf =
                    [
                        new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1", Maximum = "100" },
                        new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. new[] { "auto", "auto:best", "auto:good", "auto:eco", "auto:low" }.Select(v => (JsonNode)v)] },
                    ],
                },
                ["resize"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "At least one of width/height. Both: fit decides; gravity (cover only) picks the part kept; enlarge false never scales the picture up.",
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["width"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1", Maximum = limits.MaxOutputSide.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                        ["height"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1", Maximum = limits.MaxOutputSide.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                        ["fit"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. new[] { "fill", "inside", "cover", "contain" }.Select(v => (JsonNode)v)] },
                        ["enlarge"] = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Boolean,
                            Description = "true (default): a picture smaller than the size asked is scaled up to it; false: never scaled up (a small picture keeps its size; contain still pads it to the box, cover crops it to at most the box).",
                        },
                        ["gravity"] = new OpenApiSchema
                        {
                            Type = JsonSchemaType.String,
                            Enum = [.. new[] { "center", "smart", "north", "south", "east", "west" }.Select(v => (JsonNode)v)],
                            Description = "For fit cover: center (default), smart (libvips' attention-based smart crop), or an edge.",
                        },
                    },
                },
                ["denoise"] = new OpenApiSchema
                {
                    Description = "true, or {\"strength\": \"auto\" | number 0..75}: denoise first. One denoise per distinct strength per job, shared by its outputs.",
                    OneOf =
                    [
                        new OpenApiSchema { Type = JsonSchemaType.Boolean },
                        new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Properties = new Dictionary<string, IOpenApiSchema> { ["strength"] = new OpenApiSchema { Description = "\"auto\" or a number 0..75" } },
                        },
                    ],
                },
                ["keep_metadata"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    UniqueItems = true,
                    Items = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. new[] { "icc", "copyright", "gps" }.Select(v => (JsonNode)v)] },
                    Description = "Default []: strip all. icc keeps the profile (pixels not converted to sRGB); copyright keeps EXIF Artist/Copyright and XMP rights; gps keeps the EXIF GPS block.",
                },
                ["lossless"] = new OpenApiSchema { Type = JsonSchemaType.Boolean, Description = "true for webp/avif lossless (no quality then)." },
                ["effort"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer,
                    Minimum = "0",
                    Maximum = "9",
                    Description = "Encoder effort: png zlib level; webp method 0..6 (7..9 mean 6); avif libvips effort; jpg ignores it. Default as configured.",
                },
            },
        },
        Examples = [JsonNode.Parse("""
            [{"name":"thumb","format":"webp","resize":{"width":320,"height":320,"fit":"cover","gravity":"smart"}},
             {"name":"small","format":"same","quality":"auto"},{"name":"full","format":"png"}]
            """)!],
    };
}
