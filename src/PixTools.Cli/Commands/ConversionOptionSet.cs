using System.CommandLine;
using PixTools.Cli.Requests;

namespace PixTools.Cli.Commands;

/// <summary>The options process and watch share, and their reading into <see cref="ConversionOptions"/>.</summary>
public sealed class ConversionOptionSet
{
    public Option<string?> To { get; } = new("--to") { Description = "Formats to make, comma-separated: jpg, png, webp, avif" };

    public Option<string?> Quality { get; } = new("--quality") { Description = "1..100, or auto (the server picks per photo)" };

    public Option<string?> Resize { get; } = new("--resize") { Description = "1920x (width), x1080 (height) or 1920x1080 (both, see --fit)" };

    public Option<string> Fit { get; } = new("--fit") { Description = "With both sides of --resize: inside (default, keeps the aspect ratio), cover, contain or fill", DefaultValueFactory = _ => "inside" };

    public Option<bool> NoEnlarge { get; } = new("--no-enlarge") { Description = "With --resize: never scale a picture up (one smaller than the size keeps its own)" };

    public Option<bool> Denoise { get; } = new("--denoise") { Description = "Denoise (alone: PNG output; with --to: denoised, then converted)" };

    public Option<string?> Outputs { get; } = new("--outputs")
    {
        Description = "Named outputs, each its own recipe, instead of --to/--quality/--resize/--fit/--no-enlarge/--denoise: "
            + "the server's outputs JSON, or a file holding it, e.g. "
            + "[{\"name\":\"thumb\",\"format\":\"webp\",\"resize\":{\"width\":320}},{\"name\":\"full\",\"format\":\"jpg\",\"quality\":\"auto\"}] "
            + "makes photo.thumb.webp and photo.full.jpg",
    };

    public Option<string> Out { get; } = new("--out", "-o") { Description = "Folder for the results, mirroring the source tree", DefaultValueFactory = _ => "pixtools-out" };

    public Option<bool> Recursive { get; } = new("--recursive", "-r") { Description = "Include subfolders" };

    public Option<int> Concurrency { get; } = new("--concurrency", "-j") { Description = "Files in flight at once", DefaultValueFactory = _ => 8 };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { To, Quality, Resize, Fit, NoEnlarge, Denoise, Outputs, Out, Recursive, Concurrency }) command.Options.Add(option);
    }

    /// <summary>The options, or a plain sentence saying what is wrong with them.</summary>
    public (ConversionOptions? Options, string? Error) Read(ParseResult result)
    {
        if (result.GetValue(Concurrency) < 1) return (null, "--concurrency must be at least 1.");
        if (result.GetValue(Outputs) is { } outputsText)
        {
            Option[] replaced = [To, Quality, Resize, Fit, NoEnlarge, Denoise];
            if (replaced.FirstOrDefault(o => result.GetResult(o) is { Implicit: false }) is { } clash)
            {
                return (null, $"--outputs says everything each output is; give {clash.Name} inside it instead (as in the server's outputs field).");
            }
            var (recipe, recipeError) = RecipeSpec.Parse(outputsText);
            return recipeError is not null ? (null, recipeError) : (new ConversionOptions([], null, null, false, recipe), null);
        }
        var (formats, formatError) = ConversionOptions.ParseFormats(result.GetValue(To));
        if (formatError is not null) return (null, formatError);
        var denoise = result.GetValue(Denoise);
        if (formats.Count == 0 && !denoise) return (null, "Say what to make: --to webp,avif (any of jpg, png, webp, avif), --denoise, or both; or named outputs with --outputs.");
        QualitySpec? quality = null;
        if (result.GetValue(Quality) is { } qualityText)
        {
            (quality, var error) = QualitySpec.Parse(qualityText);
            if (error is not null) return (null, error);
        }
        ResizeSpec? resize = null;
        if (result.GetValue(Resize) is { } resizeText)
        {
            (resize, var error) = ResizeSpec.Parse(resizeText, result.GetValue(Fit)!, enlarge: !result.GetValue(NoEnlarge));
            if (error is not null) return (null, error);
        }
        else if (result.GetValue(NoEnlarge))
        {
            return (null, "--no-enlarge goes with --resize: say the size a picture should not be enlarged to.");
        }
        return (new ConversionOptions(formats, quality, resize, denoise), null);
    }
}
