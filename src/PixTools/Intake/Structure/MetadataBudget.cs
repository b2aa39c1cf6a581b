using System.Globalization;

namespace PixTools.Intake.Structure;

/// <summary>
/// What a file's metadata may cost once read: its blocks (text chunks, ICC, EXIF, XMP, comments) counted and their
/// bytes summed, compressed blocks at their inflated size. A block over the budget ends the scan with a refusal.
/// </summary>
internal sealed class MetadataBudget(long maxBytes, int maxBlocks, string formatName)
{
    private long _bytes;
    private int _blocks;

    /// <summary>Bytes still allowed, for a caller inflating a compressed block with a cap.</summary>
    public long Remaining => maxBytes - _bytes;

    /// <summary>Counts one block of <paramref name="bytes"/>; a refusal once the count or the sum passes its limit.</summary>
    public Problem? Add(string block, long bytes)
    {
        _blocks++;
        _bytes += bytes;
        if (_blocks > maxBlocks)
        {
            return Problem.Unprocessable(string.Create(CultureInfo.InvariantCulture,
                $"file carries more than {maxBlocks:N0} metadata blocks (text chunks, profiles, comments), more than this server accepts; photos carry a few dozen at most"));
        }
        return _bytes > maxBytes ? OverBudget(block) : null;
    }

    /// <summary>The refusal for metadata larger than the budget, naming the block that passed it.</summary>
    public Problem OverBudget(string block) => Problem.Unprocessable(
        $"file carries more than {Readable.Bytes(maxBytes)} of metadata once expanded (the {formatName} {block} block passed it); a file like this is a decompression bomb and is refused");
}
