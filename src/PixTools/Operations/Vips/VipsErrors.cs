using NetVips;

namespace PixTools.Operations.Vips;

/// <summary>Turns libvips' multi-line error text into the one readable reason a job's error_message carries.</summary>
internal static class VipsErrors
{
    /// <summary>Said when none of libvips' lines is this image's own: the loaders only fail on damaged data here.</summary>
    public const string Unreadable = "its image data could not be read (the file is truncated or damaged)";

    private const string Damaged = "its image data is damaged or cut short";

    // The libraries' own words where a person would not know them (libpng's one message for any failure).
    private static readonly Dictionary<string, string> PlainWords = new(StringComparer.Ordinal)
    {
        ["premature end of JPEG image"] = "it ends before the end of its image data (the file is truncated)",
        ["libpng read error"] = Damaged,
        ["bad labq format"] = "its colours are stored as CIELab in a layout this server cannot read; save it as RGB",
    };

    // What the decoders say of compressed image data that does not decode, one line per strip or row after the first
    // ("tiff2vips: Using code not yet in table", "tiff2vips: LZWDecode: Scanline 176 cannot be read due to previous
    // error", … for every later row; libtiff's JPEG codec "Unsupported marker type 0xb1"; GIF "Invalid frame data";
    // libheif "Corrupt frame detected"): all of them one plain reason.
    private static readonly string[] DamagedDataWords =
    [
        "code not yet in table", "Corrupted LZW table", "cannot be read due to previous error", "Not enough data at scanline",
        "Decoding error at scanline", "Unsupported marker type", "Corrupt JPEG data", "Invalid frame data", "Corrupt frame detected",
    ];

    // libvips' error buffer is process-wide: when two conversions fail at once, one's message can carry the other's
    // lines, and can lose its own when the other clears the buffer first (measured with libvips 8.18.7: a truncated
    // JPEG reported "vipspng: libpng read error" beside its own line, or nothing at all). Every line starts with its
    // domain — "VipsJpeg: premature end of JPEG image", "vipspng: libpng read error", "webp: unable to parse image",
    // "heif: Invalid input: …", "jpegsave_buffer: …" — so only the domains of the formats at hand are believed.
    private static readonly Dictionary<ImageFormat, string[]> LoaderDomains = new()
    {
        [ImageFormats.Jpeg] = ["VipsJpeg", "jpegload", "VipsForeignLoadJpeg"],
        [ImageFormats.Png] = ["vipspng", "spng", "pngload", "VipsForeignLoadPng"],
        [ImageFormats.Webp] = ["webp", "VipsForeignLoadWebp"],
        [ImageFormats.Avif] = ["heif", "VipsForeignLoadHeif"],
        [ImageFormats.Tiff] = ["tiff2vips", "tiffload", "VipsForeignLoadTiff", "TIFF"],
        [ImageFormats.Gif] = ["gifload", "nsgif", "VipsForeignLoadNsgif"],
        // A HEIC reaches libvips as the PNG heif-convert wrote of it.
        [ImageFormats.Heic] = ["vipspng", "spng", "pngload", "VipsForeignLoadPng", "heif"],
    };

    // A saver's own domain only: libjpeg's and libheif's messages ("VipsJpeg: …", "heif: …") look alike whether they
    // come from a load or a save, and a failed load of another job is far likelier than a failed save.
    private static readonly Dictionary<ImageFormat, string[]> SaverDomains = new()
    {
        [ImageFormats.Jpeg] = ["jpegsave", "VipsForeignSaveJpeg"],
        [ImageFormats.Png] = ["pngsave", "VipsForeignSavePng"],
        [ImageFormats.Webp] = ["webpsave", "VipsForeignSaveWebp"],
        [ImageFormats.Avif] = ["heifsave", "VipsForeignSaveHeif"],
    };

    private static readonly string[][] EveryFormatsDomains = [.. LoaderDomains.Values, .. SaverDomains.Values];

    /// <summary>
    /// The reason <paramref name="e"/> gives for an image read as <paramref name="source"/> and, for a conversion,
    /// written as <paramref name="target"/>. libvips reports the failing operation first ("unable to call
    /// jpegsave_buffer") and the cause after it ("VipsJpeg: premature end of JPEG image"); the cause is what a user can
    /// act on, so the wrapper is dropped, and so are the lines another image's failure left in the shared buffer.
    /// </summary>
    public static string Reason(VipsException e, ImageFormat source, ImageFormat? target = null) => Reason(e.Message, source, target);

    /// <summary><see cref="Reason(VipsException, ImageFormat, ImageFormat?)"/> on the message text.</summary>
    public static string Reason(string message, ImageFormat source, ImageFormat? target = null)
    {
        var causes = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith("unable to ", StringComparison.Ordinal))
            .Distinct()
            .ToList();
        var loader = LoaderDomains.GetValueOrDefault(source, []);
        var saver = target is null ? [] : SaverDomains.GetValueOrDefault(target, []);
        var own = causes.Where(line => In(line, loader) || In(line, saver)).ToList();
        if (own.Count > 0) return string.Join("; ", own.Select(WithoutDomain).Distinct());
        // A line of no format's loader or saver ("VipsImage: …") may still be ours; a seek past the end ("source: bad
        // seek to 1024", under whichever domain) is any loader's, and a line without a domain (libheif's trailing
        // "(2.100)") says nothing alone.
        var neutral = causes.Where(line => Domain(line) is { } domain && domain != "source"
            && !line.Contains(": bad seek", StringComparison.Ordinal)
            && !EveryFormatsDomains.Any(domains => In(line, domains))).ToList();
        return neutral.Count > 0 ? string.Join("; ", neutral.Select(WithoutDomain).Distinct()) : Unreadable;
    }

    /// <summary>
    /// The cause as a person reads it: without its domain ("unable to parse image", not "webp: unable to parse image"),
    /// in plain words where the library's are its own (<see cref="PlainWords"/>, <see cref="DamagedDataWords"/>).
    /// </summary>
    private static string WithoutDomain(string line)
    {
        var cause = Domain(line) is { } domain ? line[(domain.Length + 2)..] : line;
        if (DamagedDataWords.Any(words => cause.Contains(words, StringComparison.OrdinalIgnoreCase))) return Damaged;
        return PlainWords.GetValueOrDefault(cause, cause);
    }

    private static bool In(string line, string[] domains) =>
        Domain(line) is { } domain && domains.Any(prefix => domain.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>The word before the first ": " ("VipsJpeg", "jpegsave_buffer"), or null for a line without one.</summary>
    private static string? Domain(string line)
    {
        var colon = line.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && !line.AsSpan(0, colon).Contains(' ') ? line[..colon] : null;
    }
}
