using System.Text;

namespace PixTools.Intake;

/// <summary>
/// The safe base name of an uploaded file, used in download names <c>pixtools_{op}_{base}.{ext}</c> and in the
/// <c>Content-Disposition</c> header: no directories, no extension, only ASCII letters, digits, '-', '_' and '.'.
/// </summary>
public static class OriginalName
{
    /// <summary>The name used when nothing usable is left of the uploaded one.</summary>
    public const string Fallback = "image";

    /// <summary>The longest base name kept, in characters.</summary>
    public const int MaxLength = 100;

    /// <summary>
    /// Strips directories (both '/' and '\'), drops the extension, replaces every other character with '_'
    /// (runs collapsed to one), trims to <see cref="MaxLength"/>, and never starts or ends with a dot.
    /// Returns <see cref="Fallback"/> when no letter or digit is left.
    /// </summary>
    public static string From(string? fileName)
    {
        if (string.IsNullOrEmpty(fileName)) return Fallback;

        var name = fileName[(fileName.LastIndexOfAny(['/', '\\']) + 1)..];
        var dot = name.LastIndexOf('.');
        if (dot > 0) name = name[..dot];

        var safe = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            var kept = char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_';
            if (kept == '_' && safe.Length > 0 && safe[^1] == '_') continue;
            safe.Append(kept);
        }

        // Leading dots would hide the file on Unix; trailing dots are dropped by Windows when saving.
        var result = safe.ToString().Trim('.');
        if (result.Length > MaxLength) result = result[..MaxLength].TrimEnd('.');
        return result.Any(char.IsAsciiLetterOrDigit) ? result : Fallback;
    }
}
