using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PixTools.Api.Reference;

/// <summary>
/// A JSON Schema of the OpenAPI document as nested lists: each property with its type, whether it is required, its
/// description, its limits and its examples; <c>$ref</c>s are followed into <c>components</c> (a schema that contains
/// itself is named, not repeated).
/// </summary>
internal sealed class SchemaHtml(JsonElement document)
{
    private const int MaxDepth = 8;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The schema a <c>$ref</c> points to (itself when it is none), and the referenced component's name.</summary>
    public JsonElement Resolve(JsonElement schema, out string? name)
    {
        name = null;
        for (var hops = 0; hops < 16 && schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference); hops++)
        {
            var pointer = reference.GetString();
            if (pointer is null || !pointer.StartsWith("#/", StringComparison.Ordinal)) break;
            var target = document;
            foreach (var part in pointer[2..].Split('/'))
            {
                var key = part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                if (target.ValueKind != JsonValueKind.Object || !target.TryGetProperty(key, out var next)) return schema;
                target = next;
            }
            name = pointer[(pointer.LastIndexOf('/') + 1)..];
            schema = target;
        }
        return schema;
    }

    /// <summary>The type in words: "string (uuid)", "array of string", "JobView (object)", "integer or null".</summary>
    public string TypeOf(JsonElement schema, int depth = 0)
    {
        var resolved = Resolve(schema, out var name);
        if (resolved.ValueKind != JsonValueKind.Object) return "any";
        var text = BareType(resolved, depth);
        return name is null ? text : $"{name} ({text})";
    }

    /// <summary>The schema's type line and its properties (or items), as the content of a request or an answer.</summary>
    public void Describe(StringBuilder html, JsonElement schema, JsonElement encoding = default)
    {
        html.Append("<p class=\"schema\">Schema: <span class=\"type\">").Append(Html.Text(TypeOf(schema))).Append("</span></p>\n");
        Children(html, schema, encoding, 0, []);
    }

    /// <summary>An example value: a string as it is, anything else as indented JSON.</summary>
    public static void Example(StringBuilder html, JsonElement value, string label = "Example")
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : JsonSerializer.Serialize(value, Indented);
        var block = text.Contains('\n') || text.Length > 60;
        html.Append("<div class=\"example\"><span class=\"label\">").Append(Html.Text(label)).Append(":</span>")
            .Append(block ? "<pre><code>" : " <code>").Append(Html.Text(text)).Append(block ? "</code></pre>" : "</code>").Append("</div>\n");
    }

    private string BareType(JsonElement schema, int depth)
    {
        if (schema.TryGetProperty("type", out var type))
        {
            var names = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString() ?? "").ToList() : [type.GetString() ?? ""];
            var nullable = names.Remove("null");
            var text = string.Join(" or ", names.Select(n => Named(schema, n, depth)));
            if (schema.TryGetProperty("format", out var format)) text += $" ({format.GetString()})";
            return text.Length == 0 ? "null" : nullable ? text + " or null" : text;
        }
        foreach (var keyword in new[] { "oneOf", "anyOf" })
        {
            if (schema.TryGetProperty(keyword, out var variants) && variants.ValueKind == JsonValueKind.Array && depth < MaxDepth)
            {
                return string.Join(" or ", variants.EnumerateArray().Select(v => TypeOf(v, depth + 1)));
            }
        }
        if (schema.TryGetProperty("allOf", out var all) && all.ValueKind == JsonValueKind.Array && all.GetArrayLength() == 1 && depth < MaxDepth)
        {
            return TypeOf(all[0], depth + 1);
        }
        return schema.TryGetProperty("properties", out _) ? "object" : "any";
    }

    private string Named(JsonElement schema, string type, int depth) => type switch
    {
        "array" when schema.TryGetProperty("items", out var items) && depth < MaxDepth => $"array of {TypeOf(items, depth + 1)}",
        "object" when schema.TryGetProperty("additionalProperties", out var values) && values.ValueKind == JsonValueKind.Object && depth < MaxDepth
            => $"object of {TypeOf(values, depth + 1)} by key",
        _ => type,
    };

    private void Children(StringBuilder html, JsonElement schema, JsonElement encoding, int depth, HashSet<string> open)
    {
        var resolved = Resolve(schema, out var name);
        if (resolved.ValueKind != JsonValueKind.Object || depth >= MaxDepth) return;
        if (name is not null && !open.Add(name))
        {
            html.Append("<p class=\"note\">The same ").Append(Html.Text(name)).Append(" as above.</p>\n");
            return;
        }
        if (resolved.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            Properties(html, resolved, properties, encoding, depth, open);
        }
        else if (resolved.TryGetProperty("items", out var items))
        {
            Children(html, items, default, depth + 1, open);
        }
        else if (resolved.TryGetProperty("additionalProperties", out var values) && values.ValueKind == JsonValueKind.Object)
        {
            Children(html, values, default, depth + 1, open);
        }
        if (name is not null) open.Remove(name);
    }

    private void Properties(StringBuilder html, JsonElement schema, JsonElement properties, JsonElement encoding, int depth, HashSet<string> open)
    {
        var required = schema.TryGetProperty("required", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(r => r.GetString()).ToHashSet()
            : [];
        html.Append("<ul class=\"fields\">\n");
        foreach (var property in properties.EnumerateObject())
        {
            html.Append("<li><code class=\"name\">").Append(Html.Text(property.Name)).Append("</code> <span class=\"type\">")
                .Append(Html.Text(TypeOf(property.Value, depth + 1))).Append("</span>");
            if (required.Contains(property.Name)) html.Append(" <strong class=\"required\">required</strong>");
            html.Append('\n');
            Facts(html, property.Value);
            if (encoding.ValueKind == JsonValueKind.Object && encoding.TryGetProperty(property.Name, out var part)
                && part.TryGetProperty("contentType", out var contentType))
            {
                html.Append("<p class=\"limits\">Sent as <code>").Append(Html.Text(contentType.GetString())).Append("</code>.</p>\n");
            }
            Children(html, property.Value, default, depth + 1, open);
            html.Append("</li>\n");
        }
        html.Append("</ul>\n");
        AtLeastOneOf(html, schema);
    }

    /// <summary>The description, the limits and the examples of one schema (its own before those of what it references).</summary>
    public void Facts(StringBuilder html, JsonElement schema)
    {
        var resolved = Resolve(schema, out _);
        var description = Text(schema, "description") ?? Text(resolved, "description");
        Html.Paragraphs(html, description);
        var limits = Limits(resolved).ToList();
        if (limits.Count > 0) html.Append("<p class=\"limits\">Limits: ").Append(string.Join("; ", limits)).Append(".</p>\n");
        var source = schema.TryGetProperty("examples", out _) || schema.TryGetProperty("example", out _) ? schema : resolved;
        if (source.TryGetProperty("examples", out var examples) && examples.ValueKind == JsonValueKind.Array)
        {
            foreach (var example in examples.EnumerateArray()) Example(html, example);
        }
        else if (source.TryGetProperty("example", out var single))
        {
            Example(html, single);
        }
    }

    private static IEnumerable<string> Limits(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object) yield break;
        if (schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array)
        {
            yield return "one of " + string.Join(", ", values.EnumerateArray().Select(v => $"<code>{Html.Text(Raw(v))}</code>"));
        }
        foreach (var (keyword, words) in Wording)
        {
            if (schema.TryGetProperty(keyword, out var value) && value.ValueKind is JsonValueKind.Number or JsonValueKind.String or JsonValueKind.True or JsonValueKind.False)
            {
                yield return string.Format(CultureInfo.InvariantCulture, words, Html.Text(Raw(value)));
            }
        }
    }

    private static readonly (string Keyword, string Words)[] Wording =
    [
        ("minLength", "at least {0} characters"), ("maxLength", "at most {0} characters"),
        ("minimum", "at least {0}"), ("exclusiveMinimum", "more than {0}"),
        ("maximum", "at most {0}"), ("exclusiveMaximum", "less than {0}"),
        ("minItems", "no fewer than {0} items"), ("maxItems", "no more than {0} items"),
        ("pattern", "matches <code>{0}</code>"), ("default", "default <code>{0}</code>"),
    ];

    private static string Raw(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : value.GetRawText();

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>
    /// An <c>anyOf</c> of schemas that each only require fields (the process form: <c>operations</c> or <c>outputs</c>)
    /// as one sentence under the fields, which alone would show those fields as optional.
    /// </summary>
    private static void AtLeastOneOf(StringBuilder html, JsonElement schema)
    {
        if (!schema.TryGetProperty("anyOf", out var variants) || variants.ValueKind != JsonValueKind.Array) return;
        var names = new List<string>();
        foreach (var variant in variants.EnumerateArray())
        {
            if (!variant.TryGetProperty("required", out var fields) || fields.ValueKind != JsonValueKind.Array) return;
            names.Add(string.Join(" and ", fields.EnumerateArray().Select(f => $"<code>{Html.Text(f.GetString())}</code>")));
        }
        if (names.Count == 0) return;
        html.Append("<p class=\"note\">Also required: ").Append(string.Join(" or ", names)).Append(" (at least one).</p>\n");
    }
}
