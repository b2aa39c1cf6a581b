using System.Text.Json;

namespace PixTools.Cli.Requests;

/// <summary>
/// The one place that turns the command line's options into the server's form fields, per source format.
/// Two shapes: the <c>operations</c> + <c>operation_params</c> form every server takes, and the <c>outputs</c>
/// form (one entry per file to make) that only it can express: a per-photo automatic quality (--quality auto),
/// denoise followed by a conversion (--denoise with --to), and a file made again in its own format with a new size or
/// quality (`--to jpg --resize 1920x` for a JPEG: the operations form refuses a conversion to the file's own format).
/// Everything else uses the operations form; a file already in a --to format with nothing to change is not sent for it.
/// </summary>
public static class RequestMapper
{
    /// <summary>Formats whose encoder takes a quality.</summary>
    private static readonly string[] Lossy = ["jpg", "webp", "avif"];

    public static bool NeedsOutputsForm(ConversionOptions options) =>
        options.Quality is { IsAuto: true } && options.Formats.Count > 0 || options.Denoise && options.Formats.Count > 0;

    /// <param name="sourceFormat">jpg, png, webp or avif as sniffed from the bytes; null when unknown (the server will say why).</param>
    public static SubmitPlan Map(ConversionOptions options, string? sourceFormat) =>
        options.Recipe is { } recipe ? RecipeForm(recipe, sourceFormat)
        : NeedsOutputsForm(options) || RemakesOwnFormat(options, sourceFormat) ? OutputsForm(options, sourceFormat) : OperationsForm(options, sourceFormat);

    /// <summary>
    /// --outputs as given; each output's file is named after it (<c>photo.jpg</c> → <c>photo.thumb.webp</c>), its extension
    /// the format the server reports having made (the file's own for <c>same</c>).
    /// </summary>
    private static SubmitPlan RecipeForm(RecipeSpec recipe, string? sourceFormat) =>
        new([new("outputs", recipe.JsonFor(sourceFormat))], [.. recipe.Outputs.Select(o => new PlannedOutput(o.Name, o.Format, InResults: true, Suffix: o.Name))], []);

    /// <summary>Whether the file's own format is among --to with something to change: a size, or a quality it takes.</summary>
    public static bool RemakesOwnFormat(ConversionOptions options, string? sourceFormat) =>
        sourceFormat is not null && options.Formats.Contains(sourceFormat)
        && (options.Resize is not null || options.Quality is not null && Lossy.Contains(sourceFormat));

    private static SubmitPlan OperationsForm(ConversionOptions options, string? sourceFormat)
    {
        var operations = new List<string>();
        var parameters = new SortedDictionary<string, Dictionary<string, object>>(StringComparer.Ordinal);
        var outputs = new List<PlannedOutput>();
        var notMade = new List<string>();
        if (options.Denoise)
        {
            // Denoise alone: its output is PNG; it takes a resize but no quality.
            operations.Add("denoise");
            if (options.Resize is { } resize) parameters["denoise"] = new() { ["resize"] = resize.ToJson() };
            outputs.Add(new PlannedOutput("denoise", "png", InResults: false));
        }
        foreach (var format in options.Formats)
        {
            // The operations form refuses a conversion to the file's own format.
            if (format == sourceFormat)
            {
                notMade.Add(format);
                continue;
            }
            operations.Add(format);
            var formatParams = new Dictionary<string, object>();
            if (options.Quality?.Number is { } quality && Lossy.Contains(format)) formatParams["quality"] = quality;
            if (options.Resize is { } resize) formatParams["resize"] = resize.ToJson();
            if (formatParams.Count > 0) parameters[format] = formatParams;
            outputs.Add(new PlannedOutput(format, format, InResults: false));
        }
        var fields = new List<KeyValuePair<string, string>> { new("operations", JsonSerializer.Serialize(operations)) };
        if (parameters.Count > 0) fields.Add(new("operation_params", JsonSerializer.Serialize(parameters)));
        return new SubmitPlan(operations.Count == 0 ? [] : fields, outputs, notMade);
    }

    private static SubmitPlan OutputsForm(ConversionOptions options, string? sourceFormat)
    {
        var entries = new List<Dictionary<string, object>>();
        var outputs = new List<PlannedOutput>();
        foreach (var format in options.Formats)
        {
            var entry = new Dictionary<string, object> { ["name"] = format, ["format"] = format == sourceFormat ? "same" : format };
            if (options.Quality is { } quality && Lossy.Contains(format)) entry["quality"] = quality.ToJson();
            if (options.Resize is { } resize) entry["resize"] = resize.ToJson();
            if (options.Denoise) entry["denoise"] = true;
            entries.Add(entry);
            outputs.Add(new PlannedOutput(format, format, InResults: true));
        }
        return new SubmitPlan([new("outputs", JsonSerializer.Serialize(entries))], outputs, []);
    }
}
