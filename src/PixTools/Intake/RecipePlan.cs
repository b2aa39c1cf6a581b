using System.Text.Json;
using PixTools.Operations;

namespace PixTools.Intake;

/// <summary>
/// Every job runs as recipes: one run per output (its <see cref="OperationParams.Format"/> set), plus the metadata
/// operation when asked. The old form is translated here (<see cref="FromOperations"/>): each conversion is an output
/// named after it, and <c>denoise</c> a PNG output of the denoised image; the new form comes from <c>outputs</c>.
/// </summary>
public static class RecipePlan
{
    /// <summary>The old form's plan as recipes: the same run names and parameters, each with the format it writes.</summary>
    public static OperationPlan FromOperations(OperationPlan plan) => new(plan.Operations.Select(op => op.Name switch
    {
        OperationNames.Metadata => op,
        OperationNames.Denoise => op with { Params = op.Params with { Format = OperationNames.Png, Strength = op.Params.Strength ?? DenoiseStrength.Auto } },
        _ => op with { Params = op.Params with { Format = op.Name } },
    }).ToList());

    /// <summary>
    /// The new form: <c>outputs</c>, and <c>operations</c> (optional) holding only <c>metadata</c>. Both fields are
    /// validated before anything is stored.
    /// </summary>
    public static Outcome<OperationPlan> Parse(string? operationsJson, string? operationParamsJson, string outputsJson,
        ImageFormat source, LimitsOptions limits, Func<string, bool> isAvailable, bool forABatch = false)
    {
        var operations = new List<PlannedOperation>();
        // operation_params has nothing to set beside outputs (each output carries its own settings): an empty object, which
        // form builders send by habit, is let through; anything else is named, not reported as a missing operations field.
        if (string.IsNullOrWhiteSpace(operationsJson) && !string.IsNullOrWhiteSpace(operationParamsJson) && !IsEmptyObject(operationParamsJson))
        {
            return Problem.Unprocessable("operation_params is not read when outputs is given: give each output its own quality, resize and denoise");
        }
        if (!string.IsNullOrWhiteSpace(operationsJson))
        {
            var parsed = OperationPlanParser.Parse(operationsJson, operationParamsJson, null, limits);
            if (!parsed.Succeeded) return parsed.Problem;
            if (parsed.Value.Names.FirstOrDefault(n => n != OperationNames.Metadata) is { } other)
            {
                return Problem.Unprocessable($"operations may hold only \"metadata\" when outputs is given, got \"{other}\" (ask for it as an output)");
            }
            operations.AddRange(parsed.Value.Operations);
        }

        var outputs = OutputsParser.Parse(outputsJson, source, limits, isAvailable, forABatch);
        if (!outputs.Succeeded) return outputs.Problem;
        return new OperationPlan([.. outputs.Value, .. operations]);
    }

    private static bool IsEmptyObject(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object && !document.RootElement.EnumerateObject().Any();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
