using System.Globalization;

namespace PixTools.Cli.Requests;

/// <summary>--quality: a number 1..100, or <c>auto</c> / <c>auto:LEVEL</c> (the server picks the quality per photo).</summary>
public sealed record QualitySpec(int? Number, string? Auto)
{
    public bool IsAuto => Auto is not null;

    public static (QualitySpec? Spec, string? Error) Parse(string text)
    {
        var value = text.Trim().ToLowerInvariant();
        if (value == "auto" || value.StartsWith("auto:", StringComparison.Ordinal)) return (new QualitySpec(null, value), null);
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 100)
        {
            return (new QualitySpec(number, null), null);
        }
        return (null, $"--quality must be a whole number from 1 to 100 or 'auto', not '{text}'.");
    }

    /// <summary>The JSON value: the number, or the auto string.</summary>
    public object ToJson() => Number is { } number ? number : Auto!;
}
