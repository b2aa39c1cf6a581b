namespace PixTools.Cli.Files;

/// <summary>The image format from the first bytes, as the server sniffs it: jpg, png, webp, avif, or null.</summary>
public static class ImageSniffer
{
    public static string? Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return "jpg";
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G'])) return "png";
        if (bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8)) return "webp";
        if (bytes.Length >= 12 && bytes[4..8].SequenceEqual("ftyp"u8) && (bytes[8..12].SequenceEqual("avif"u8) || bytes[8..12].SequenceEqual("avis"u8))) return "avif";
        return null;
    }

    /// <summary>The content type to send: the sniffed format's, else the extension's (the server then says what is wrong).</summary>
    public static string ContentType(string? sniffed, string fileName) =>
        (sniffed ?? Path.GetExtension(fileName).TrimStart('.').ToLowerInvariant()) switch
        {
            "jpg" or "jpeg" => "image/jpeg",
            "png" => "image/png",
            "webp" => "image/webp",
            "avif" => "image/avif",
            _ => "application/octet-stream",
        };
}
