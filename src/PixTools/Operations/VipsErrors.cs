using NetVips;

namespace PixTools.Operations;

/// <summary>Turns libvips' multi-line error text into the one readable reason a job's error_message carries.</summary>
internal static class VipsErrors
{
    /// <summary>
    /// libvips reports the failing operation first ("unable to call jpegsave_buffer") and the cause after it
    /// ("VipsJpeg: premature end of JPEG image"); the cause is what a user can act on, so it is kept and the
    /// wrapper line dropped. Falls back to the whole message when there is nothing after the first line.
    /// </summary>
    public static string Reason(VipsException e)
    {
        var lines = e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var causes = lines.Where(l => !l.StartsWith("unable to ", StringComparison.Ordinal)).Distinct().ToArray();
        return causes.Length > 0 ? string.Join("; ", causes) : e.Message.Trim();
    }
}
