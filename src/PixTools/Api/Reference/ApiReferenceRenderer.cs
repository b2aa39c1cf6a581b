using System.Text;
using System.Text.Json;

namespace PixTools.Api.Reference;

/// <summary>
/// The API reference at /docs as one plain HTML page, made from the OpenAPI document: the endpoints grouped by tag,
/// each with its parameters, request body and every response with its schema and examples. No script: it shows as
/// soon as it arrives. Every text from the document is escaped (<see cref="Html"/>).
/// </summary>
public static class ApiReferenceRenderer
{
    /// <param name="document">The OpenAPI document.</param>
    /// <param name="stylesheet">The stylesheet's text to put in the page (one request fewer before it can show), or
    /// null to link <see cref="ApiReferenceEndpoints.StylesheetPath"/>.</param>
    public static string Render(JsonElement document, string? stylesheet = null)
    {
        var schemas = new SchemaHtml(document);
        var endpoints = new OperationHtml(schemas);
        var operations = ApiOperation.ReadAll(document);
        var groups = ApiOperation.ByTag(document, operations);
        var info = document.TryGetProperty("info", out var i) ? i : default;
        var title = Text(info, "title") ?? "API";

        var html = new StringBuilder(64 * 1024);
        html.Append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Html.Text(title)).Append(" reference</title>\n")
            .Append("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">\n")
            .Append(stylesheet is null ? $"<link rel=\"stylesheet\" href=\"{ApiReferenceEndpoints.StylesheetPath}\">\n" : $"<style>\n{stylesheet.Replace("</", "<\\/", StringComparison.Ordinal).TrimEnd()}\n</style>\n")
            .Append("</head>\n<body>\n")
            .Append("<a class=\"skip\" href=\"#main\">Skip to the endpoints</a>\n<header class=\"top\">\n")
            .Append("<p class=\"home\"><a href=\"/\">PixTools</a></p>\n<h1>").Append(Html.Text(title)).Append(" reference");
        if (Text(info, "version") is { } version) html.Append(" <span class=\"version\">").Append(Html.Text(version)).Append("</span>");
        html.Append("</h1>\n");
        Html.Paragraphs(html, Text(info, "description"));
        html.Append("<p>Every endpoint of this server, from its OpenAPI document <a href=\"").Append(ApiReferenceEndpoints.DocumentPath).Append("\">")
            .Append(ApiReferenceEndpoints.DocumentPath).Append("</a>. To send requests from the browser, use the <a href=\"")
            .Append(ApiReferenceEndpoints.TryPath).Append("\">interactive console (Swagger UI)</a>.</p>\n</header>\n");

        Contents(html, groups);
        html.Append("<main id=\"main\" tabindex=\"-1\">\n");
        foreach (var group in groups)
        {
            var id = "tag-" + Html.Id(group.Key);
            html.Append("<section class=\"tag\" aria-labelledby=\"").Append(id).Append("\">\n<h2 id=\"").Append(id).Append("\">")
                .Append(Html.Text(group.Key)).Append("</h2>\n");
            Html.Paragraphs(html, TagDescription(document, group.Key));
            foreach (var operation in group) endpoints.Render(html, operation);
            html.Append("</section>\n");
        }
        if (operations.Count == 0) html.Append("<p>The document describes no endpoint.</p>\n");
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>The list of endpoints at the top, by tag, each a link to its article.</summary>
    private static void Contents(StringBuilder html, List<IGrouping<string, ApiOperation>> groups)
    {
        html.Append("<nav class=\"contents\" aria-labelledby=\"contents-title\">\n<h2 id=\"contents-title\">Endpoints</h2>\n<ul>\n");
        foreach (var group in groups)
        {
            html.Append("<li><a href=\"#tag-").Append(Html.Id(group.Key)).Append("\">").Append(Html.Text(group.Key)).Append("</a>\n<ul>\n");
            foreach (var operation in group)
            {
                html.Append("<li><a href=\"#").Append(operation.Id).Append("\">");
                OperationHtml.Signature(html, operation);
                html.Append("</a>");
                if (operation.Summary is { } summary) html.Append(" <span class=\"summary\">").Append(Html.Inline(summary)).Append("</span>");
                html.Append("</li>\n");
            }
            html.Append("</ul>\n</li>\n");
        }
        html.Append("</ul>\n</nav>\n");
    }

    private static string? TagDescription(JsonElement document, string tag) =>
        document.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array
            ? tags.EnumerateArray().Where(t => Text(t, "name") == tag).Select(t => Text(t, "description")).FirstOrDefault()
            : null;

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
