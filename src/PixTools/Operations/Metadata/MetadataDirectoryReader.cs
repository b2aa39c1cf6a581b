using MetadataExtractor;
using MetadataExtractor.Formats.Heif;
using Directory = MetadataExtractor.Directory;

namespace PixTools.Operations.Metadata;

/// <summary>
/// Reads MetadataExtractor's directories from an image held in memory. Damaged metadata never throws here:
/// an unreadable file or block gives what was read before it (MetadataExtractor records most damage as
/// directory errors rather than throwing), or no directories at all.
/// </summary>
internal static class MetadataDirectoryReader
{
    public static IReadOnlyList<Directory> Read(byte[] source, ImageFormat format)
    {
        using var stream = new MemoryStream(source, writable: false);
        try
        {
            // MetadataExtractor 2.4.3's file type detector reads the ISO-BMFF "ftyp" box of an AVIF as QuickTime
            // and then finds no EXIF; its HEIF reader, called directly, walks the meta box and reads the Exif item.
            return format == ImageFormats.Avif || format == ImageFormats.Heic
                ? HeifMetadataReader.ReadMetadata(stream)
                : ImageMetadataReader.ReadMetadata(stream);
        }
        catch (ImageProcessingException)
        {
            // Includes JpegProcessingException, PngProcessingException and "file format could not be determined".
            return [];
        }
        catch (IOException)
        {
            // A truncated file ends a reader mid-structure (EndOfStreamException is an IOException).
            return [];
        }
        catch (MetadataException)
        {
            return [];
        }
    }
}
