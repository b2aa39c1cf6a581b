using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace PixTools.Api.Reference;

/// <summary>One endpoint as an article: method and path, summary and description, parameters, request body and every response.</summary>
internal sealed class OperationHtml(SchemaHtml schemas)
{
    public void Render(StringBuilder html, ApiOperation operation)
    {
        var id = operation.Id;
        html.Append("<article id=\"").Append(id).Append("\" aria-labelledby=\"").Append(id).Append("-title\">\n<h3 id=\"").Append(id).Append("-title\">");
        Signature(html, operation);
        html.Append("</h3>\n");
        Html.Paragraphs(html, operation.Summary, "summary");
        Html.Paragraphs(html, operation.Text("description"));
        if (operation.Operation.TryGetProperty("deprecated", out var deprecated) && deprecated.ValueKind == JsonValueKind.True)
        {
            html.Append("<p class=\"note\">Deprecated: kept for existing clients.</p>\n");
        }
        Parameters(html, operation);
        RequestBody(html, operation.Operation);
        Responses(html, operation);
        html.Append("</article>\n");
    }

    /// <summary>"POST /api/process", the method as a badge.</summary>
    public static void Signature(StringBuilder html, ApiOperation operation) =>
        html.Append("<span class=\"method ").Append(operation.Method.ToLowerInvariant()).Append("\">").Append(operation.Method)
            .Append("</span> <code class=\"path\">").Append(Html.Text(operation.Path)).Append("</code>");

    private void Parameters(StringBuilder html, ApiOperation operation)
    {
        // Path-level parameters apply to every method; the operation's own replace those of the same name and place.
        var parameters = new Dictionary<(string?, string?), JsonElement>();
        foreach (var source in new[] { operation.PathItem, operation.Operation })
        {
            if (!source.TryGetProperty("parameters", out var list) || list.ValueKind != JsonValueKind.Array) continue;
            foreach (var item in list.EnumerateArray())
            {
                var parameter = schemas.Resolve(item, out _);
                parameters[(Text(parameter, "name"), Text(parameter, "in"))] = parameter;
            }
        }
        if (parameters.Count == 0) return;
        html.Append("<h4>Parameters</h4>\n<ul class=\"fields\">\n");
        foreach (var parameter in parameters.Values)
        {
            html.Append("<li><code class=\"name\">").Append(Html.Text(Text(parameter, "name"))).Append("</code> <span class=\"type\">")
                .Append(Html.Text(parameter.TryGetProperty("schema", out var schema) ? schemas.TypeOf(schema) : "any"))
                .Append("</span> <span class=\"in\">in ").Append(Html.Text(Text(parameter, "in"))).Append("</span>");
            if (parameter.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.True)
            {
                html.Append(" <strong class=\"required\">required</strong>");
            }
            html.Append('\n');
            Html.Paragraphs(html, Text(parameter, "description"));
            if (schema.ValueKind == JsonValueKind.Object) schemas.Facts(html, schema);
            Examples(html, parameter);
            html.Append("</li>\n");
        }
        html.Append("</ul>\n");
    }

    private void RequestBody(StringBuilder html, JsonElement operation)
    {
        if (!operation.TryGetProperty("requestBody", out var reference)) return;
        var body = schemas.Resolve(reference, out _);
        html.Append("<h4>Request body");
        if (body.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.True) html.Append(" <strong class=\"required\">required</strong>");
        html.Append("</h4>\n");
        Html.Paragraphs(html, Text(body, "description"));
        Content(html, body);
    }

    private void Responses(StringBuilder html, ApiOperation operation)
    {
        if (!operation.Operation.TryGetProperty("responses", out var responses) || responses.ValueKind != JsonValueKind.Object) return;
        html.Append("<h4>Responses</h4>\n");
        foreach (var entry in responses.EnumerateObject())
        {
            var response = schemas.Resolve(entry.Value, out _);
            // Not a <section>: a landmark per answer would repeat names like "200 OK" across endpoints.
            html.Append("<div class=\"response\">\n<h5 id=\"").Append(operation.Id).Append('-').Append(Html.Id(entry.Name)).Append("\">")
                .Append(Html.Text(StatusLine(entry.Name))).Append("</h5>\n");
            Html.Paragraphs(html, Text(response, "description"));
            Headers(html, response);
            Content(html, response);
            html.Append("</div>\n");
        }
    }

    private void Headers(StringBuilder html, JsonElement response)
    {
        if (!response.TryGetProperty("headers", out var headers) || headers.ValueKind != JsonValueKind.Object) return;
        html.Append("<p class=\"label\">Headers:</p>\n<ul class=\"fields\">\n");
        foreach (var entry in headers.EnumerateObject())
        {
            var header = schemas.Resolve(entry.Value, out _);
            html.Append("<li><code class=\"name\">").Append(Html.Text(entry.Name)).Append("</code> <span class=\"type\">")
                .Append(Html.Text(header.TryGetProperty("schema", out var schema) ? schemas.TypeOf(schema) : "string")).Append("</span>\n");
            Html.Paragraphs(html, Text(header, "description"));
            html.Append("</li>\n");
        }
        html.Append("</ul>\n");
    }

    /// <summary>Each media type of a request body or a response: its schema and its examples.</summary>
    private void Content(StringBuilder html, JsonElement owner)
    {
        if (!owner.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Object) return;
        foreach (var media in content.EnumerateObject())
        {
            html.Append("<div class=\"media\">\n<p>Content type <code>").Append(Html.Text(media.Name)).Append("</code></p>\n");
            if (media.Value.TryGetProperty("schema", out var schema))
            {
                media.Value.TryGetProperty("encoding", out var encoding);
                schemas.Describe(html, schema, encoding);
            }
            Examples(html, media.Value);
            html.Append("</div>\n");
        }
    }

    /// <summary>The <c>example</c>, or each of the named <c>examples</c>, of a media type or a parameter.</summary>
    private void Examples(StringBuilder html, JsonElement owner)
    {
        if (owner.TryGetProperty("example", out var example)) SchemaHtml.Example(html, example);
        if (!owner.TryGetProperty("examples", out var examples) || examples.ValueKind != JsonValueKind.Object) return;
        foreach (var named in examples.EnumerateObject())
        {
            var item = schemas.Resolve(named.Value, out _);
            if (item.TryGetProperty("value", out var value)) SchemaHtml.Example(html, value, $"Example ({Text(item, "summary") ?? named.Name})");
        }
    }

    private static string StatusLine(string code) =>
        code == "default" ? "Any other status"
        : int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var status) && ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase
            ? $"{code} {phrase}"
            : code;

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
