using System.Text.Json;
using PixTools.Operations;

namespace PixTools.Intake;

/// <summary>
/// Validates the parameter object of one operation (<c>operation_params.{op}</c>) into <see cref="OperationParams"/>.
/// Every refusal names the field, the rule and the value; nothing is clamped or dropped.
/// </summary>
internal static class OperationParamsParser
{
    private const string Quality = "quality";
    private const string Resize = "resize";
    private const string Strength = "strength";
    private const double MaxStrength = 75;

    /// <summary>Which operations accept which parameter (API.md, "Operation parameters").</summary>
    private static readonly Dictionary<string, string[]> AcceptedBy = new()
    {
        [Quality] = [OperationNames.Jpg, OperationNames.Webp, OperationNames.Avif],
        [Resize] = [OperationNames.Jpg, OperationNames.Png, OperationNames.Webp, OperationNames.Avif, OperationNames.Denoise],
        [Strength] = [OperationNames.Denoise],
    };

    private static readonly string[] ResizeKeys = ["width", "height", "fit", "gravity", "enlarge"];

    /// <summary>The parameters an operation gets when <c>operation_params</c> says nothing about it.</summary>
    public static OperationParams Defaults(string operation) =>
        operation == OperationNames.Denoise ? new OperationParams(Strength: DenoiseStrength.Auto) : OperationParams.None;

    public static Problem? Parse(string operation, JsonElement paramsObject, LimitsOptions limits, out OperationParams result)
    {
        result = Defaults(operation);
        var path = $"operation_params.{operation}";
        if (paramsObject.ValueKind != JsonValueKind.Object)
        {
            return Refused($"{path} must be a JSON object of parameters, got {ParamReader.Show(paramsObject)}");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in paramsObject.EnumerateObject())
        {
            var field = $"{path}.{property.Name}";
            if (!AcceptedBy.TryGetValue(property.Name, out var acceptedBy))
            {
                return Refused($"{field} is not a known parameter (known: {string.Join(", ", AcceptedBy.Keys)})");
            }

            if (!acceptedBy.Contains(operation))
            {
                return Refused($"{field} is not accepted by {operation} ({property.Name} is accepted by {string.Join(", ", acceptedBy)})");
            }

            if (!seen.Add(property.Name)) return Refused($"{path} must give {property.Name} once, got it twice");

            var problem = property.Name switch
            {
                Quality => ReadQuality(field, property.Value, ref result),
                Resize => ReadResize(field, property.Value, limits, ref result),
                _ => ReadStrength(field, property.Value, ref result),
            };
            if (problem is not null) return problem;
        }

        return null;
    }

    private static Problem? ReadQuality(string field, JsonElement value, ref OperationParams result)
    {
        if (!ParamReader.TryReadInteger(value, out var quality) || quality is < 1 or > 100)
        {
            return Refused($"{field} must be an integer 1..100, got {ParamReader.Show(value)}");
        }

        result = result with { Quality = (int)quality };
        return null;
    }

    internal static Problem? ReadStrength(string field, JsonElement value, ref OperationParams result)
    {
        if (value.ValueKind == JsonValueKind.String && value.GetString() == "auto")
        {
            result = result with { Strength = DenoiseStrength.Auto };
            return null;
        }

        if (!ParamReader.TryReadNumber(value, out var sigma) || sigma is < 0 or > MaxStrength)
        {
            return Refused($"{field} must be \"auto\" or a number 0..75, got {ParamReader.Show(value)}");
        }

        result = result with { Strength = new DenoiseStrength(sigma) };
        return null;
    }

    internal static Problem? ReadResize(string field, JsonElement value, LimitsOptions limits, ref OperationParams result)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return Refused($"{field} must be an object {{\"width\", \"height\", \"fit\"}}, got {ParamReader.Show(value)}");
        }

        int? width = null, height = null;
        var fit = ResizeFit.Fill;
        CropGravity? gravity = null;
        var enlarge = true;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            var keyField = $"{field}.{property.Name}";
            if (!ResizeKeys.Contains(property.Name))
            {
                return Refused($"{keyField} is not a known resize key (known: {string.Join(", ", ResizeKeys)})");
            }

            if (!seen.Add(property.Name)) return Refused($"{field} must give {property.Name} once, got it twice");

            var problem = property.Name switch
            {
                "width" => ReadSide(keyField, property.Value, limits, out width),
                "height" => ReadSide(keyField, property.Value, limits, out height),
                "gravity" => ReadGravity(keyField, property.Value, out gravity),
                "enlarge" => ReadEnlarge(keyField, property.Value, out enlarge),
                _ => ReadFit(keyField, property.Value, out fit),
            };
            if (problem is not null) return problem;
        }

        if (width is null && height is null)
        {
            return Refused($"{field} must give width or height (or both), got {ParamReader.Show(value)}");
        }

        if (gravity is not null && (fit != ResizeFit.Cover || width is null || height is null))
        {
            return Refused($"{field}.gravity applies only to fit cover with both width and height, got {ParamReader.Show(value)}");
        }

        result = result with { Resize = new ResizeSpec(width, height, fit, gravity ?? CropGravity.Center, enlarge) };
        return null;
    }

    private static Problem? ReadEnlarge(string field, JsonElement value, out bool enlarge)
    {
        enlarge = value.ValueKind != JsonValueKind.False;
        return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : Refused($"{field} must be true or false, got {ParamReader.Show(value)}");
    }

    private static Problem? ReadGravity(string field, JsonElement value, out CropGravity? gravity)
    {
        gravity = (value.ValueKind == JsonValueKind.String ? value.GetString() : null) switch
        {
            "center" => CropGravity.Center,
            "smart" => CropGravity.Smart,
            "north" => CropGravity.North,
            "south" => CropGravity.South,
            "east" => CropGravity.East,
            "west" => CropGravity.West,
            _ => null,
        };
        return gravity is null ? Refused($"{field} must be one of center, smart, north, south, east, west, got {ParamReader.Show(value)}") : null;
    }

    private static Problem? ReadSide(string field, JsonElement value, LimitsOptions limits, out int? side)
    {
        side = null;
        if (!ParamReader.TryReadInteger(value, out var pixels) || pixels < 1)
        {
            return Refused($"{field} must be an integer > 0, got {ParamReader.Show(value)}");
        }

        if (pixels > limits.MaxOutputSide)
        {
            return Refused($"{field} must be at most {limits.MaxOutputSide} (the output limit), got {ParamReader.Show(value)}");
        }

        side = (int)pixels;
        return null;
    }

    private static Problem? ReadFit(string field, JsonElement value, out ResizeFit fit)
    {
        fit = ResizeFit.Fill;
        var name = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        switch (name)
        {
            case "fill": fit = ResizeFit.Fill; return null;
            case "inside": fit = ResizeFit.Inside; return null;
            case "cover": fit = ResizeFit.Cover; return null;
            case "contain": fit = ResizeFit.Contain; return null;
            default: return Refused($"{field} must be one of fill, inside, cover, contain, got {ParamReader.Show(value)}");
        }
    }

    private static Problem Refused(string detail) => Problem.Unprocessable(detail);
}
