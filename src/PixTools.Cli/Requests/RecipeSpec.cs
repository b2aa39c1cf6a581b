using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PixTools.Cli.Requests;

/// <summary>
/// --outputs: the server's <c>outputs</c> field as given (a JSON array of named outputs, each its own format, quality,
/// size, denoise and kept metadata), sent unchanged with every file. Read here only as far as the command line needs
/// it: each output's name (its file is <c>stem.NAME.EXT</c>) and format; the server checks the rest
/// and says what is wrong.
/// </summary>
public sealed partial record RecipeSpec(string Json, IReadOnlyList<RecipeOutput> Outputs)
{
    /// <summary>
    /// The recipe from <paramref name="text"/>: the path of a file holding it, or the JSON itself (starting with <c>[</c>,
    /// <c>{</c> or a comment); or a plain sentence saying what is wrong. (Not <c>@FILE</c>: a leading <c>@</c> is the
    /// command line's response file.)
    /// </summary>
    public static (RecipeSpec? Spec, string? Error) Parse(string text)
    {
        var json = text;
        var trimmed = text.TrimStart();
        var looksLikeJson = trimmed.StartsWith('[') || trimmed.StartsWith('{') || trimmed.StartsWith("//", StringComparison.Ordinal) || trimmed.StartsWith("/*", StringComparison.Ordinal);
        if (!looksLikeJson || File.Exists(text))
        {
            try
            {
                json = File.ReadAllText(text);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                return (null, $"--outputs takes the outputs JSON itself or a file holding it; '{text}' is neither (the file could not be read: {e.Message}).");
            }
        }
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            return (null, $"--outputs must be a JSON array of outputs such as [{{\"name\":\"thumb\",\"format\":\"webp\",\"resize\":{{\"width\":320}}}}]; this is not JSON ({e.Message}).");
        }
        if (root is not JsonArray items || items.Count == 0)
        {
            return (null, "--outputs must be a JSON array of at least one output, such as [{\"name\":\"thumb\",\"format\":\"webp\",\"resize\":{\"width\":320}}].");
        }
        var outputs = new List<RecipeOutput>();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not JsonObject item) return (null, $"--outputs: item {i + 1} is not an object with a name and a format.");
            if (item["name"] is not JsonValue nameValue || !nameValue.TryGetValue<string>(out var name) || !NamePattern().IsMatch(name))
            {
                return (null, $"--outputs: item {i + 1} needs a name of lower-case letters, digits, _ and - (at most 40, starting with a letter or digit), such as \"thumb\".");
            }
            if (outputs.Any(o => o.Name == name)) return (null, $"--outputs: the name \"{name}\" is given twice; each output needs its own.");
            if (item["format"] is not JsonValue formatValue || !formatValue.TryGetValue<string>(out var format))
            {
                return (null, $"--outputs: the output \"{name}\" needs a format: jpg, png, webp, avif or same.");
            }
            outputs.Add(new RecipeOutput(name, format));
        }
        // Sent compact, so the same recipe written differently is the same request (the resume state and Idempotency-Key).
        return (new RecipeSpec(root.ToJsonString(), outputs), null);
    }

    /// <summary>
    /// The outputs field for one file. A folder holds files of several formats, so (as the server does for a batch) a
    /// <c>same</c> output of a PNG leaves out the quality that its other files' formats take: PNG has none.
    /// </summary>
    public string JsonFor(string? sourceFormat)
    {
        if (sourceFormat != "png" || !Outputs.Any(o => o.Format == "same")) return Json;
        var items = JsonNode.Parse(Json)!.AsArray();
        foreach (var item in items.OfType<JsonObject>())
        {
            if (item["format"]?.GetValue<string>() == "same") item.Remove("quality");
        }
        return items.ToJsonString();
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,39}$")]
    private static partial Regex NamePattern();
}

/// <summary>One named output of a recipe: its name, and its format as written (<c>same</c>: the file's own).</summary>
public sealed record RecipeOutput(string Name, string Format);
