using System.Globalization;
using System.Text.RegularExpressions;

namespace PixTools.Cli.Requests;

/// <summary>
/// --resize as given: <c>1920x</c> (width), <c>x1080</c> (height) or <c>1920x1080</c> (both, fitted by <see cref="Fit"/>);
/// <see cref="Enlarge"/> false (--no-enlarge): a picture smaller than that keeps its size.
/// </summary>
public sealed partial record ResizeSpec(int? Width, int? Height, string Fit, bool Enlarge = true)
{
    public static readonly string[] Fits = ["inside", "cover", "contain", "fill"];

    /// <summary>The spec, or null with a plain sentence saying what is wrong.</summary>
    public static (ResizeSpec? Spec, string? Error) Parse(string text, string fit, bool enlarge = true)
    {
        var match = Pattern().Match(text.Trim());
        if (!match.Success || (match.Groups[1].Length == 0 && match.Groups[2].Length == 0))
        {
            return (null, $"--resize must look like 1920x, x1080 or 1920x1080, not '{text}'.");
        }
        if (!Fits.Contains(fit)) return (null, $"--fit must be one of {string.Join(", ", Fits)}, not '{fit}'.");
        int? Side(Group group) => group.Length == 0 ? null : int.Parse(group.Value, CultureInfo.InvariantCulture);
        var spec = new ResizeSpec(Side(match.Groups[1]), Side(match.Groups[2]), fit, enlarge);
        if (spec.Width == 0 || spec.Height == 0) return (null, "--resize sides must be larger than 0.");
        return (spec, null);
    }

    /// <summary>The server's resize object; fit only matters (and is only sent) when both sides are given.</summary>
    public Dictionary<string, object> ToJson()
    {
        var json = new Dictionary<string, object>();
        if (Width is { } width) json["width"] = width;
        if (Height is { } height) json["height"] = height;
        if (Width is not null && Height is not null) json["fit"] = Fit;
        if (!Enlarge) json["enlarge"] = false;
        return json;
    }

    [GeneratedRegex(@"^(\d{0,5})[xX](\d{0,5})$")]
    private static partial Regex Pattern();
}
