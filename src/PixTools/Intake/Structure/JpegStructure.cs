using System.Buffers.Binary;
using System.Globalization;

namespace PixTools.Intake.Structure;

/// <summary>
/// Walks a JPEG's marker segments from SOI to the first SOS (ITU T.81, B.1): each length must fit in the file.
/// APPn and COM segments (EXIF, XMP, ICC, IPTC, comments) count against the metadata budget, so a file made of
/// thousands of ICC_PROFILE or XMP segments is refused before libvips joins them. The entropy-coded data after SOS
/// is left to the decoder, except that its scans are counted (<see cref="CountScans"/>), since each one is a pass of
/// the decoder over the whole picture, and that it must reach the end-of-image marker (a cut file is refused).
/// </summary>
internal static class JpegStructure
{
    private const string Name = "jpg";

    public static Problem? Check(ReadOnlySpan<byte> file, MetadataBudget budget, int maxScans = int.MaxValue)
    {
        var offset = 2; // after SOI
        while (true)
        {
            // Any number of 0xFF fill bytes may precede a marker.
            if (offset >= file.Length || file[offset] != 0xFF) return StructureScan.Damaged(Name, "its marker segments are damaged or it ends before the image data");
            while (offset < file.Length && file[offset] == 0xFF) offset++;
            if (offset >= file.Length) return StructureScan.Damaged(Name, "it ends before the image data (the file is truncated)");
            var marker = file[offset++];
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7)) continue; // TEM and RSTn stand alone
            if (marker == 0xD9) return StructureScan.Damaged(Name, "it ends before any image data");
            if (offset + 2 > file.Length) return StructureScan.Damaged(Name, "it ends inside a marker segment (the file is truncated)");
            var length = BinaryPrimitives.ReadUInt16BigEndian(file[offset..]);
            if (length < 2 || offset + length > file.Length)
            {
                return StructureScan.Damaged(Name, $"its 0x{marker:X2} marker segment runs past the end of the file (the file is truncated or damaged)");
            }
            if (marker == 0xDA)
            {
                var (scans, ended) = CountScans(file[(offset + length)..]);
                // libjpeg reads a file without its end-of-image marker as cut short, and the decoder refuses it (even
                // when only the two marker bytes are missing): refused here, before it is stored, rather than failed later.
                if (!ended) return StructureScan.Damaged(Name, "it ends before the end of its image data (the file is truncated)");
                return scans > maxScans ? TooManyScans(scans, maxScans) : null;
            }
            if (marker is >= 0xE0 and <= 0xEF or 0xFE)
            {
                var block = marker == 0xFE ? "comment" : $"APP{marker - 0xE0}";
                if (budget.Add(block, length - 2) is { } problem) return problem;
            }
            offset += length;
        }
    }

    /// <summary>
    /// The scans of a JPEG whose first SOS segment ended where <paramref name="afterFirstScanHeader"/> starts: one, plus
    /// every further SOS marker up to the end-of-image marker, and whether that marker came (false: the file is cut).
    /// Entropy-coded data stuffs a zero after every 0xFF byte, so 0xFF followed by 0xDA or 0xD9 is always a marker;
    /// data after the end of the image (a second picture of a multi-picture file, a phone's appended video) is not counted.
    /// </summary>
    internal static (int Scans, bool Ended) CountScans(ReadOnlySpan<byte> afterFirstScanHeader)
    {
        // Two vectorised searches for the two-byte markers, not a call per 0xFF byte: stuffed 0xFF 0x00 pairs come every
        // few hundred bytes of entropy-coded data, and a call each was 7 % of an upload's CPU (measured with perf).
        var end = afterFirstScanHeader.IndexOf(EndOfImage);
        var scanned = end < 0 ? afterFirstScanHeader : afterFirstScanHeader[..end];
        return (1 + scanned.Count(StartOfScan), end >= 0);
    }

    private static ReadOnlySpan<byte> EndOfImage => [0xFF, 0xD9];

    private static ReadOnlySpan<byte> StartOfScan => [0xFF, 0xDA];

    private static Problem TooManyScans(int scans, int maxScans) => Problem.Unprocessable(string.Create(CultureInfo.InvariantCulture,
        $"This JPEG is stored in {scans:N0} scans (passes over the picture); the limit is {maxScans:N0}, and photos from cameras and editors have at most a few dozen. Save it again as a standard JPEG."));
}
