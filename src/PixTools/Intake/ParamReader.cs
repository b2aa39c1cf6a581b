using System.Globalization;
using System.Text.Json;

namespace PixTools.Intake;

/// <summary>
/// Reads the primitive values of <c>operation_params</c> by the API.md rules: integers are JSON numbers
/// without a fraction or numeric strings ("75", as the old API accepted); plain numbers may have one.
/// </summary>
internal static class ParamReader
{
    private const int MaxShownLength = 64;

    /// <summary>
    /// An integer: a JSON number or string of an optional '-' and digits only (no fraction, exponent,
    /// '+' or spaces). Digits beyond the range of <see cref="long"/> saturate, so they read as out of range.
    /// </summary>
    public static bool TryReadInteger(JsonElement value, out long integer)
    {
        integer = 0;
        return value.ValueKind switch
        {
            JsonValueKind.Number => TryParseInteger(value.GetRawText(), out integer),
            JsonValueKind.String => TryParseInteger(value.GetString()!, out integer),
            _ => false,
        };
    }

    /// <summary>A finite number: a JSON number, or a string holding one in invariant notation.</summary>
    public static bool TryReadNumber(JsonElement value, out double number)
    {
        number = 0;
        var ok = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetDouble(out number),
            JsonValueKind.String => double.TryParse(value.GetString(),
                NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out number),
            _ => false,
        };
        return ok && double.IsFinite(number);
    }

    /// <summary>The value as the client wrote it (JSON text, strings quoted), shortened for a detail message.</summary>
    public static string Show(JsonElement value) => Shorten(value.GetRawText());

    /// <summary>Raw client text shortened for a detail message.</summary>
    public static string Shorten(string text) =>
        text.Length <= MaxShownLength ? text : string.Concat(text.AsSpan(0, MaxShownLength), "...");

    private static bool TryParseInteger(string text, out long integer)
    {
        integer = 0;
        var digits = text.StartsWith('-') ? text.AsSpan(1) : text.AsSpan();
        if (digits.IsEmpty) return false;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c)) return false;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out integer))
        {
            integer = text.StartsWith('-') ? long.MinValue : long.MaxValue;
        }

        return true;
    }
}
