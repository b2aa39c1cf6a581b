using System.Globalization;
using System.Text;

namespace PixTools.Intake;

/// <summary>
/// The base name of an uploaded file as download names carry it (<c>pixtools_{op}_{base}.{ext}</c>, the ZIP's members,
/// <c>Content-Disposition</c>): the client's name in UTF-8 (<c>фото 🌅.png</c> → <c>фото 🌅</c>) with what could hurt
/// removed — directories, the extension, control and invisible formatting characters (bidi overrides included),
/// characters Windows refuses in names, broken UTF-16 — and cut to <see cref="MaxBytes"/> bytes of UTF-8 at a
/// character boundary, never inside a surrogate pair or a combined character.
/// </summary>
public static class OriginalName
{
    /// <summary>The name used when nothing usable is left of the uploaded one.</summary>
    public const string Fallback = "image";

    /// <summary>The longest base name kept, in bytes of UTF-8 (at most as many characters, which the job store's column holds).</summary>
    public const int MaxBytes = 100;

    // Reserved in Windows file names (besides the separators and control characters, handled apart).
    private const string WindowsReserved = "<>:\"|?*";

    /// <summary>
    /// Strips directories (both '/' and '\'), drops the extension, replaces every unsafe character
    /// with '_' (runs collapsed to one), trims spaces and dots from both ends, and cuts to <see cref="MaxBytes"/>.
    /// Returns <see cref="Fallback"/> when nothing but '_', dots, dashes and spaces is left.
    /// </summary>
    public static string From(string? fileName)
    {
        if (string.IsNullOrEmpty(fileName)) return Fallback;

        var name = fileName[(fileName.LastIndexOfAny(['/', '\\']) + 1)..];
        var dot = name.LastIndexOf('.');
        if (dot > 0) name = name[..dot];
        name = Clean(name);

        // Leading dots would hide the file on Unix; trailing dots and spaces are dropped by Windows when saving.
        var result = Cut(name.Trim(' ', '.'), MaxBytes).TrimEnd(' ', '.');
        return result.Any(c => c is not ('_' or '.' or '-' or ' ')) ? result : Fallback;
    }

    /// <summary>The name with every unsafe character, and every lone surrogate, replaced by one '_' per run.</summary>
    private static string Clean(string name)
    {
        var safe = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            string? kept;
            if (char.IsHighSurrogate(name[i]) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                kept = IsSafe(char.ConvertToUtf32(name[i], name[i + 1])) ? name.Substring(i, 2) : null;
                i++;
            }
            else
            {
                kept = char.IsSurrogate(name[i]) || !IsSafe(name[i]) ? null : name[i].ToString();
            }
            if (kept is null || kept == "_")
            {
                if (safe.Length > 0 && safe[^1] == '_') continue;
                safe.Append('_');
            }
            else
            {
                safe.Append(kept);
            }
        }
        return safe.ToString();
    }

    private static bool IsSafe(int codePoint)
    {
        if (codePoint < 0x20 || codePoint == 0x7F) return false;
        if (codePoint < 0x80) return !WindowsReserved.Contains((char)codePoint) && codePoint is not ('/' or '\\');
        return CharUnicodeInfo.GetUnicodeCategory(codePoint) switch
        {
            // Controls, bidi and zero-width formatting, line and paragraph separators, unassigned, private use.
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator or UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse => false,
            _ => codePoint is not (0xFFFD or 0xFEFF),
        };
    }

    /// <summary>The longest prefix of whole text elements (user-perceived characters) that fits in <paramref name="maxBytes"/> of UTF-8.</summary>
    internal static string Cut(string name, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(name) <= maxBytes) return name;
        var length = 0;
        var bytes = 0;
        var elements = StringInfo.GetTextElementEnumerator(name);
        while (elements.MoveNext())
        {
            var element = (string)elements.Current;
            var size = Encoding.UTF8.GetByteCount(element);
            if (bytes + size > maxBytes) break;
            bytes += size;
            length += element.Length;
        }
        return name[..length];
    }
}
