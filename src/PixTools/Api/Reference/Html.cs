using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace PixTools.Api.Reference;

/// <summary>
/// Text from the OpenAPI document made safe for the page: everything is HTML-escaped, and the one piece of markup the
/// descriptions use — `code` between backquotes — becomes &lt;code&gt; after escaping, so no markup in a description reaches
/// the page as markup.
/// </summary>
internal static partial class Html
{
    /// <summary>The text with &lt;, &gt;, &amp; and quotes escaped (usable in element content and quoted attributes).</summary>
    public static string Text(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>Escaped text in which `backquoted` spans are code.</summary>
    public static string Inline(string? text) => CodeSpan().Replace(Text(text), "<code>$1</code>");

    /// <summary>A description as paragraphs (blank lines separate them), each escaped and with its code spans.</summary>
    public static void Paragraphs(StringBuilder html, string? text, string? cssClass = null)
    {
        if (string.IsNullOrWhiteSpace(text)) return;
        var open = cssClass is null ? "<p>" : $"<p class=\"{cssClass}\">";
        foreach (var paragraph in BlankLine().Split(text.Trim()))
        {
            html.Append(open).Append(Inline(paragraph.Trim())).Append("</p>\n");
        }
    }

    /// <summary>A fragment identifier from free text: lower-case letters, digits and hyphens.</summary>
    public static string Id(string text) => NotIdentifier().Replace(text.ToLowerInvariant(), "-").Trim('-');

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"\r?\n\s*\r?\n")]
    private static partial Regex BlankLine();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotIdentifier();
}
