using System.Text.Json;
using PixTools.Operations;

namespace PixTools.Intake;

/// <summary>
/// Turns the <c>operations</c> and <c>operation_params</c> form fields into a validated <see cref="OperationPlan"/>,
/// by API.md's validation table. Pure: no I/O, and bad input is a returned 422 problem, never an exception.
/// </summary>
public static class OperationPlanParser
{
    private static readonly string KnownOperations = string.Join(", ", OperationNames.All);

    /// <summary>
    /// Validates the two fields. <paramref name="sourceFormat"/> is the format sniffed from the upload's bytes;
    /// when null the same-format rule is not checked (the caller has refused or not yet sniffed the file).
    /// </summary>
    public static Outcome<OperationPlan> Parse(
        string? operationsJson, string? operationParamsJson, ImageFormat? sourceFormat, LimitsOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);

        var problem = ParseOperations(operationsJson, out var names) ?? CheckSameFormat(names, sourceFormat);
        if (problem is not null) return problem;

        problem = ParseParams(operationParamsJson, names, limits, out var paramsByOperation);
        if (problem is not null) return problem;

        var planned = names
            .Select(name => new PlannedOperation(
                name, paramsByOperation.GetValueOrDefault(name) ?? OperationParamsParser.Defaults(name)))
            .ToList();
        return new OperationPlan(planned);
    }

    private static Problem? ParseOperations(string? json, out List<string> names)
    {
        names = [];
        if (string.IsNullOrWhiteSpace(json)) return Refused("operations is required");

        using var document = TryParseJson(json);
        var root = document?.RootElement;
        if (root is not { ValueKind: JsonValueKind.Array } array)
        {
            return Refused($"operations must be a JSON array of operation names (e.g. [\"webp\",\"avif\"]), got {ParamReader.Shorten(json)}");
        }

        if (array.GetArrayLength() == 0) return Refused("operations must not be empty, got []");

        foreach (var element in array.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.String)
            {
                return Refused($"operations must contain only operation names (strings), got {ParamReader.Show(element)}");
            }

            var name = element.GetString()!;
            if (!OperationNames.All.Contains(name))
            {
                return Refused($"operations contains an unknown operation {ParamReader.Show(element)} (known: {KnownOperations})");
            }

            if (names.Contains(name)) return Refused($"operations must list each operation once, got \"{name}\" twice");
            names.Add(name);
        }

        return null;
    }

    private static Problem? CheckSameFormat(List<string> names, ImageFormat? sourceFormat)
    {
        if (sourceFormat is not null && names.Contains(sourceFormat.Operation))
        {
            return Refused($"operations must not convert a file to its own format, got \"{sourceFormat.Operation}\" for a {sourceFormat.Extension} file");
        }

        return null;
    }

    private static Problem? ParseParams(
        string? json, List<string> names, LimitsOptions limits, out Dictionary<string, OperationParams> paramsByOperation)
    {
        paramsByOperation = new Dictionary<string, OperationParams>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json)) return null;

        using var document = TryParseJson(json);
        if (document?.RootElement is not { ValueKind: JsonValueKind.Object } root)
        {
            return Refused($"operation_params must be a JSON object keyed by operation name, got {ParamReader.Shorten(json)}");
        }

        foreach (var property in root.EnumerateObject())
        {
            var operation = property.Name;
            if (!OperationNames.All.Contains(operation))
            {
                return Refused($"operation_params.{operation} is not a known operation (known: {KnownOperations})");
            }

            if (!names.Contains(operation))
            {
                return Refused($"operation_params.{operation} is given but \"{operation}\" is not in operations");
            }

            if (paramsByOperation.ContainsKey(operation))
            {
                return Refused($"operation_params must give {operation} once, got it twice");
            }

            var problem = OperationParamsParser.Parse(operation, property.Value, limits, out var parsed);
            if (problem is not null) return problem;
            paramsByOperation[operation] = parsed;
        }

        return null;
    }

    private static JsonDocument? TryParseJson(string json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Problem Refused(string detail) => Problem.Unprocessable(detail);
}
