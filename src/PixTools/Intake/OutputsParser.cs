using System.Text.Json;
using System.Text.RegularExpressions;
using PixTools.Operations;

namespace PixTools.Intake;

/// <summary>
/// Turns the <c>outputs</c> form field (API.md "Outputs") into one planned run per output. Pure: bad input is a
/// returned 422 naming the item and key (<c>outputs[1].quality: …</c>, items counted from 0), never an exception.
/// </summary>
public static partial class OutputsParser
{
    /// <summary>The run name the metadata operation has, which no output may take.</summary>
    private const string Reserved = OperationNames.Metadata;

    private static readonly string[] Formats = ["jpg", "png", "webp", "avif", "same"];

    /// <summary>
    /// Parses <paramref name="json"/> for a source sniffed as <paramref name="source"/>; <paramref name="forABatch"/>: the
    /// outputs are written once for every file of a batch (see <see cref="OutputItemParser.Parse"/>).
    /// </summary>
    public static Outcome<List<PlannedOperation>> Parse(string json, ImageFormat source, LimitsOptions limits, Func<string, bool> isAvailable, bool forABatch = false)
    {
        ArgumentNullException.ThrowIfNull(limits);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return Refused($"outputs must be a JSON array of output objects, got {ParamReader.Shorten(json)}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                return Refused($"outputs must be a JSON array of output objects, got {ParamReader.Show(root)}");
            }
            var count = root.GetArrayLength();
            if (count < 1 || count > limits.MaxOutputs)
            {
                return Refused($"outputs must hold 1 to {limits.MaxOutputs} outputs, got {count}");
            }

            var planned = new List<PlannedOperation>();
            var index = 0;
            foreach (var item in root.EnumerateArray())
            {
                var parsed = OutputItemParser.Parse($"outputs[{index}]", item, source, limits, isAvailable, forABatch);
                if (!parsed.Succeeded) return Colon(parsed.Problem);
                if (planned.Any(p => p.Name == parsed.Value.Name))
                {
                    return Refused($"outputs[{index}].name: must be unique in the job, got \"{parsed.Value.Name}\" twice");
                }
                planned.Add(parsed.Value);
                index++;
            }
            return planned;
        }
    }

    /// <summary>Checks a name's pattern; <c>metadata</c> is the metadata operation's.</summary>
    internal static string? NameProblem(string name)
    {
        if (!NamePattern().IsMatch(name)) return "must match [a-z0-9][a-z0-9_-]{0,39} (lower-case letters, digits, _ and -; at most 40)";
        if (name == Reserved) return "\"metadata\" is the metadata operation's name; choose another";
        return null;
    }

    internal static bool IsFormat(string? value) => value is not null && Formats.Contains(value);

    /// <summary>Shared parsers word refusals as "path rule"; outputs' contract puts a colon after the path.</summary>
    private static Problem Colon(Problem problem) =>
        problem with { Detail = PathPrefix().Replace(problem.Detail, "$1: ", 1) };

    private static Problem Refused(string detail) => Problem.Unprocessable(detail);

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,39}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^(outputs\[\d+\](?:\.[a-z_]+)*) (?!:)")]
    private static partial Regex PathPrefix();
}
