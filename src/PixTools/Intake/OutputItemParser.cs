using System.Text.Json;
using PixTools.Operations;
using PixTools.Operations.Convert.Quality;

namespace PixTools.Intake;

/// <summary>One item of <c>outputs</c>: its keys checked one by one into the run's <see cref="OperationParams"/>.</summary>
internal static class OutputItemParser
{
    private static readonly string[] Keys = ["name", "format", "quality", "resize", "denoise", "keep_metadata", "lossless", "effort"];
    private static readonly string[] KeepNames = ["icc", "copyright", "gps"];

    /// <summary>
    /// One item for a source sniffed as <paramref name="source"/>. <paramref name="forABatch"/>: the same outputs are
    /// written for every file of a batch, whose formats differ, so a <c>same</c> output takes its <c>quality</c> where the
    /// file's own format has one and writes a PNG without it (a single job's client knows its file: there it is a 422).
    /// </summary>
    public static Outcome<PlannedOperation> Parse(string path, JsonElement item, ImageFormat source, LimitsOptions limits, Func<string, bool> isAvailable, bool forABatch = false)
    {
        if (item.ValueKind != JsonValueKind.Object) return Refused($"{path}: must be an object with name and format, got {ParamReader.Show(item)}");
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in item.EnumerateObject())
        {
            if (!Keys.Contains(property.Name)) return Refused($"{path}.{property.Name}: is not a known key (known: {string.Join(", ", Keys)})");
            if (!values.TryAdd(property.Name, property.Value)) return Refused($"{path}.{property.Name}: must be given once, got it twice");
        }

        // name and format first: the other keys' rules depend on the format.
        if (!values.TryGetValue("name", out var nameValue)) return Refused($"{path}.name: is required");
        var name = nameValue.ValueKind == JsonValueKind.String ? nameValue.GetString()! : null;
        var nameRule = name is null ? "must be a string matching [a-z0-9][a-z0-9_-]{0,39}" : OutputsParser.NameProblem(name);
        if (nameRule is not null) return Refused($"{path}.name: {nameRule}, got {ParamReader.Show(nameValue)}");
        if (!values.TryGetValue("format", out var formatValue)) return Refused($"{path}.format: is required");
        var formatName = formatValue.ValueKind == JsonValueKind.String ? formatValue.GetString() : null;
        if (!OutputsParser.IsFormat(formatName)) return Refused($"{path}.format: must be one of jpg, png, webp, avif, same, got {ParamReader.Show(formatValue)}");
        if (formatName == "same" && !ImageFormats.All.Contains(source))
        {
            return Refused($"{path}.format: same would write this file's own format, {source.Extension.ToUpperInvariant()}, which this server reads but does not write; choose jpg, png, webp or avif");
        }
        var format = formatName == "same" ? source : ImageFormats.ForOperation(formatName!)!;
        if (!isAvailable(format.Operation)) return Refused($"{path}.format: {format.Operation} is not available on this server");

        var recipe = new OperationParams(Format: format.Operation);
        foreach (var (key, value) in values)
        {
            var problem = key switch
            {
                "quality" when forABatch && formatName == "same" && format.Operation == OperationNames.Png => CheckQualityOnly($"{path}.quality", value),
                "quality" => ReadQuality($"{path}.quality", value, format, ref recipe),
                "resize" => OperationParamsParser.ReadResize($"{path}.resize", value, limits, ref recipe),
                "denoise" => ReadDenoise($"{path}.denoise", value, isAvailable, ref recipe),
                "keep_metadata" => ReadKeep($"{path}.keep_metadata", value, ref recipe),
                "lossless" => ReadLossless($"{path}.lossless", value, format, ref recipe),
                "effort" => ReadEffort($"{path}.effort", value, ref recipe),
                _ => null,
            };
            if (problem is not null) return problem;
        }
        if (recipe.Lossless == true && values.ContainsKey("quality"))
        {
            return Refused($"{path}.quality: cannot be given with lossless true (a lossless file has no quality)");
        }
        return new PlannedOperation(name!, recipe);
    }

    /// <summary>A quality that this file's format has no use for (a batch's <c>same</c> of a PNG): still checked, then left out.</summary>
    private static Problem? CheckQualityOnly(string field, JsonElement value)
    {
        var unused = new OperationParams(Format: OperationNames.Webp);
        return ReadQuality(field, value, ImageFormats.ForOperation(OperationNames.Webp)!, ref unused);
    }

    private static Problem? ReadQuality(string field, JsonElement value, ImageFormat format, ref OperationParams recipe)
    {
        if (format.Operation == OperationNames.Png) return Refused($"{field}: is not accepted by png (quality is for jpg, webp and avif)");
        if (value.ValueKind == JsonValueKind.String && value.GetString()!.StartsWith("auto", StringComparison.Ordinal))
        {
            if (!AutoQualityLevels.TryParse(value.GetString(), out var level))
            {
                return Refused($"{field}: must be an integer 1..100, \"auto\", \"auto:best\", \"auto:good\", \"auto:eco\" or \"auto:low\", got {ParamReader.Show(value)}");
            }
            recipe = recipe with { AutoQuality = level.ToString().ToLowerInvariant() };
            return null;
        }
        if (!ParamReader.TryReadInteger(value, out var quality) || quality is < 1 or > 100)
        {
            return Refused($"{field}: must be an integer 1..100, \"auto\", \"auto:best\", \"auto:good\", \"auto:eco\" or \"auto:low\", got {ParamReader.Show(value)}");
        }
        recipe = recipe with { Quality = (int)quality };
        return null;
    }

    private static Problem? ReadDenoise(string field, JsonElement value, Func<string, bool> isAvailable, ref OperationParams recipe)
    {
        DenoiseStrength? strength;
        switch (value.ValueKind)
        {
            case JsonValueKind.False:
                return null;
            case JsonValueKind.True:
                strength = DenoiseStrength.Auto;
                break;
            case JsonValueKind.Object:
                var parsed = new OperationParams(Strength: DenoiseStrength.Auto);
                foreach (var property in value.EnumerateObject())
                {
                    if (property.Name != "strength") return Refused($"{field}.{property.Name}: is not a known key (known: strength)");
                    var problem = OperationParamsParser.ReadStrength($"{field}.strength", property.Value, ref parsed);
                    if (problem is not null) return problem;
                }
                strength = parsed.Strength;
                break;
            default:
                return Refused($"{field}: must be true or {{\"strength\": \"auto\" | number 0..75}}, got {ParamReader.Show(value)}");
        }
        if (!isAvailable(OperationNames.Denoise)) return Refused($"{field}: denoise is not available on this server");
        recipe = recipe with { Strength = strength };
        return null;
    }

    private static Problem? ReadKeep(string field, JsonElement value, ref OperationParams recipe)
    {
        if (value.ValueKind != JsonValueKind.Array) return Refused($"{field}: must be an array of \"icc\", \"copyright\", \"gps\", got {ParamReader.Show(value)}");
        var keep = MetadataKeep.None;
        foreach (var element in value.EnumerateArray())
        {
            var name = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
            var flag = name switch { "icc" => MetadataKeep.Icc, "copyright" => MetadataKeep.Copyright, "gps" => MetadataKeep.Gps, _ => MetadataKeep.None };
            if (flag == MetadataKeep.None) return Refused($"{field}: may hold only {string.Join(", ", KeepNames.Select(k => $"\"{k}\""))}, got {ParamReader.Show(element)}");
            if (keep.HasFlag(flag)) return Refused($"{field}: must name {name} once, got it twice");
            keep |= flag;
        }
        recipe = recipe with { Keep = keep };
        return null;
    }

    private static Problem? ReadLossless(string field, JsonElement value, ImageFormat format, ref OperationParams recipe)
    {
        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) return Refused($"{field}: must be true or false, got {ParamReader.Show(value)}");
        if (value.ValueKind == JsonValueKind.False) return null;
        if (format.Operation is not (OperationNames.Webp or OperationNames.Avif))
        {
            return Refused($"{field}: true is accepted by webp and avif only, got it for {format.Operation}");
        }
        recipe = recipe with { Lossless = true };
        return null;
    }

    private static Problem? ReadEffort(string field, JsonElement value, ref OperationParams recipe)
    {
        if (!ParamReader.TryReadInteger(value, out var effort) || effort is < 0 or > 9) return Refused($"{field}: must be an integer 0..9, got {ParamReader.Show(value)}");
        recipe = recipe with { Effort = (int)effort };
        return null;
    }

    private static Problem Refused(string detail) => Problem.Unprocessable(detail);
}
