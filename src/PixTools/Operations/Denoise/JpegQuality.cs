using System.Buffers.Binary;

namespace PixTools.Operations.Denoise;

/// <summary>
/// The quality a JPEG was saved at, estimated from its luminance quantisation table (DQT table 0, ITU T.81 B.2.4.1)
/// the way the IJG library scales its Annex K table: a table scaled by s % gives quality (200 − s) / 2 for s ≤ 100
/// and 5000 / s above. The scale is the ratio of the table's sum to Annex K's, so the estimate is exact for files
/// written by libjpeg, mozjpeg's default table and the tools built on them, and a close "equivalent quality" for a
/// camera's own tables. <see cref="StrengthCalibration"/> uses it: JPEG leaves less noise the lower its quality.
/// </summary>
public static class JpegQuality
{
    // ITU T.81 Annex K, table K.1 (luminance), at quality 50; only its sum is used, so the order does not matter.
    private static readonly int[] AnnexKLuminance =
    [
        16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
        14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
    ];

    private static readonly double AnnexKSum = AnnexKLuminance.Sum();

    /// <summary>
    /// The estimated quality, 1..100, of the JPEG in <paramref name="file"/>, or null where it is no JPEG or has no
    /// luminance table before its first scan. Never throws on a damaged file.
    /// </summary>
    public static int? Estimate(ReadOnlySpan<byte> file)
    {
        if (file.Length < 4 || file[0] != 0xFF || file[1] != 0xD8) return null;
        var offset = 2;
        while (offset + 4 <= file.Length && file[offset] == 0xFF)
        {
            var marker = file[offset + 1];
            if (marker == 0xFF) { offset++; continue; } // fill byte
            if (marker is 0xDA or 0xD9) return null; // the first scan or the end came before table 0
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7)) { offset += 2; continue; } // TEM and RSTn stand alone
            var length = BinaryPrimitives.ReadUInt16BigEndian(file[(offset + 2)..]);
            if (length < 2 || offset + 2 + length > file.Length) return null;
            if (marker == 0xDB && LuminanceSum(file.Slice(offset + 4, length - 2)) is { } sum) return FromScale(100.0 * sum / AnnexKSum);
            offset += 2 + length;
        }
        return null;
    }

    /// <summary>The sum of table 0's 64 entries in one DQT segment's body (it may hold several tables), or null.</summary>
    private static long? LuminanceSum(ReadOnlySpan<byte> body)
    {
        while (body.Length > 0)
        {
            var (precision, id) = (body[0] >> 4, body[0] & 0x0F);
            var size = precision == 0 ? 64 : 128;
            if (body.Length < 1 + size) return null;
            if (id == 0)
            {
                var values = body.Slice(1, size);
                long sum = 0;
                for (var i = 0; i < 64; i++) sum += precision == 0 ? values[i] : BinaryPrimitives.ReadUInt16BigEndian(values[(2 * i)..]);
                return sum;
            }
            body = body[(1 + size)..];
        }
        return null;
    }

    private static int FromScale(double scale)
    {
        var quality = scale <= 100 ? (200 - scale) / 2 : 5000 / scale;
        return (int)Math.Clamp(Math.Round(quality, MidpointRounding.AwayFromZero), 1, 100);
    }
}
