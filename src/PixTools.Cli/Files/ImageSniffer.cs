namespace PixTools.Cli.Files;

/// <summary>
/// The image format from the first bytes, as the server sniffs it: jpg, png, webp, avif, or the read-only inputs
/// tiff, gif and heic; null for anything else (the server then says what is wrong).
/// </summary>
public static class ImageSniffer
{
    public static string? Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return "jpg";
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G'])) return "png";
        if (bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8)) return "webp";
        if (bytes.StartsWith("II*\0"u8) || bytes.StartsWith("MM\0*"u8)) return "tiff";
        if (bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8)) return "gif";
        if (bytes.Length >= 16 && bytes[4..8].SequenceEqual("ftyp"u8)) return IsoBrand(bytes);
        return null;
    }

    // ISO-BMFF: the major brand and the compatible brands of the ftyp box say AVIF (avif, avis) or HEIC/HEIF.
    private static string? IsoBrand(ReadOnlySpan<byte> bytes)
    {
        var end = (int)Math.Min(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes), (uint)Math.Min(bytes.Length, 64));
        var brands = new List<string> { System.Text.Encoding.ASCII.GetString(bytes[8..12]) };
        for (var offset = 16; offset + 4 <= end; offset += 4) brands.Add(System.Text.Encoding.ASCII.GetString(bytes.Slice(offset, 4)));
        if (brands.Any(b => b is "avif" or "avis")) return "avif";
        return brands.Any(b => b is "heic" or "heix" or "heim" or "heis" or "hevc" or "hevx" or "mif1" or "msf1") ? "heic" : null;
    }

    /// <summary>The content type to send: the sniffed format's, else the extension's (the server then says what is wrong).</summary>
    public static string ContentType(string? sniffed, string fileName) =>
        (sniffed ?? Path.GetExtension(fileName).TrimStart('.').ToLowerInvariant()) switch
        {
            "jpg" or "jpeg" => "image/jpeg",
            "png" => "image/png",
            "webp" => "image/webp",
            "avif" => "image/avif",
            "tif" or "tiff" => "image/tiff",
            "gif" => "image/gif",
            "heic" or "heif" => "image/heic",
            _ => "application/octet-stream",
        };
}
