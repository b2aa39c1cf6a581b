using System.Text.Json;

namespace PixTools.Api.Reference;

/// <summary>One operation of the OpenAPI document: its method, path, first tag and a fragment id for the page.</summary>
internal sealed record ApiOperation(string Method, string Path, string Tag, string Id, JsonElement Operation, JsonElement PathItem)
{
    /// <summary>The tag of operations that have none.</summary>
    public const string Untagged = "other";

    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    public string? Summary => Text("summary");

    /// <summary>Every operation under <c>paths</c>, in the document's order of paths and the usual order of methods.</summary>
    public static List<ApiOperation> ReadAll(JsonElement document)
    {
        var operations = new List<ApiOperation>();
        if (!document.TryGetProperty("paths", out var paths) || paths.ValueKind != JsonValueKind.Object) return operations;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths.EnumerateObject())
        {
            foreach (var method in Methods)
            {
                if (!path.Value.TryGetProperty(method, out var operation) || operation.ValueKind != JsonValueKind.Object) continue;
                var tag = operation.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array && tags.GetArrayLength() > 0
                    ? tags[0].GetString() ?? Untagged
                    : Untagged;
                var id = Html.Id($"{method} {path.Name}");
                for (var n = 2; !ids.Add(id); n++) id = Html.Id($"{method} {path.Name} {n}");
                operations.Add(new ApiOperation(method.ToUpperInvariant(), path.Name, tag, id, operation, path.Value));
            }
        }
        return operations;
    }

    /// <summary>The tags in the document's own order (its <c>tags</c> list), then any others as they first appear.</summary>
    public static List<IGrouping<string, ApiOperation>> ByTag(JsonElement document, List<ApiOperation> operations)
    {
        var order = new List<string>();
        if (document.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array)
        {
            order.AddRange(tags.EnumerateArray().Select(t => t.TryGetProperty("name", out var name) ? name.GetString() ?? "" : ""));
        }
        order.AddRange(operations.Select(o => o.Tag).Where(t => !order.Contains(t)).Distinct());
        return [.. operations.GroupBy(o => o.Tag).OrderBy(g => order.IndexOf(g.Key))];
    }

    /// <summary>The operation's own text property, else the path's (OpenAPI lets a path item carry summary and description).</summary>
    public string? Text(string property) =>
        Operation.TryGetProperty(property, out var own) && own.ValueKind == JsonValueKind.String ? own.GetString()
        : PathItem.TryGetProperty(property, out var shared) && shared.ValueKind == JsonValueKind.String ? shared.GetString()
        : null;
}
