using PixTools.Operations;

namespace PixTools.Intake.Structure;

/// <summary>
/// The structural check every upload passes before it is stored, after its format is sniffed: the file's blocks
/// (PNG chunks, JPEG segments, RIFF chunks, ISO-BMFF boxes, TIFF directories, GIF blocks) are walked without
/// decoding a pixel, each must lie inside the file, PNG checksums must match, and metadata must stay within
/// <see cref="LimitsOptions.MaxMetadataBytes"/> and <see cref="LimitsOptions.MaxMetadataBlocks"/>, compressed
/// metadata measured by inflating it with a cap. A damaged file is a 400, a metadata bomb a 422.
/// </summary>
public static class StructureScan
{
    public static Problem? Check(ReadOnlySpan<byte> file, ImageFormat format, LimitsOptions limits)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(limits);
        var budget = new MetadataBudget(limits.MaxMetadataBytes, limits.MaxMetadataBlocks, format.Extension.ToUpperInvariant());
        return format.Extension switch
        {
            "png" => PngStructure.Check(file, budget),
            "jpg" => JpegStructure.Check(file, budget, limits.MaxJpegScans),
            "webp" => RiffStructure.Check(file, budget),
            "avif" or "heic" => BmffStructure.Check(file, format.Extension),
            "tiff" => TiffStructure.Check(file, budget, limits.MaxFrames),
            "gif" => GifStructure.Check(file, budget),
            _ => null,
        };
    }

    /// <summary>The refusal for a damaged file: what is wrong, in words.</summary>
    internal static Problem Damaged(string formatName, string what) =>
        Problem.BadRequest($"file is not a valid {formatName} image: {what}");
}
