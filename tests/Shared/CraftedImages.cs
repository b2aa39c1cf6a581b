using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace PixTools.Testing;

/// <summary>Hostile inputs made byte by byte: a decompression bomb's header, a GIF, a truncated photo.</summary>
public static class CraftedImages
{
    /// <summary>A valid PNG header claiming <paramref name="width"/>×<paramref name="height"/> with a tiny IDAT: decoding it would need gigabytes.</summary>
    public static byte[] PngBomb(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // RGB
        Chunk(png, "IHDR", ihdr);
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true)) zlib.Write(new byte[1024]);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>
    /// A real PNG (<paramref name="png"/>) with a zTXt chunk inserted after IHDR whose text inflates to
    /// <paramref name="inflatedBytes"/> bytes of zeros: about a thousandth of that on disk.
    /// </summary>
    public static byte[] PngWithZtxtBomb(byte[] png, long inflatedBytes) =>
        InsertAfterIhdr(png, "zTXt", [.. "Comment"u8, 0, 0, .. ZlibOfZeros(inflatedBytes)]);

    /// <summary>A real PNG with an iCCP chunk whose profile inflates to <paramref name="inflatedBytes"/> bytes.</summary>
    public static byte[] PngWithIccpBomb(byte[] png, long inflatedBytes) =>
        InsertAfterIhdr(png, "iCCP", [.. "icc"u8, 0, 0, .. ZlibOfZeros(inflatedBytes)]);

    /// <summary>A real PNG with a compressed iTXt chunk (as XMP is stored) inflating to <paramref name="inflatedBytes"/> bytes.</summary>
    public static byte[] PngWithItxtBomb(byte[] png, long inflatedBytes) =>
        InsertAfterIhdr(png, "iTXt", [.. "XML:com.adobe.xmp"u8, 0, 1, 0, 0, 0, .. ZlibOfZeros(inflatedBytes)]);

    /// <summary>The PNG with one bit of its IHDR chunk's data flipped, its CRC left as it was.</summary>
    public static byte[] PngWithBadIhdrCrc(byte[] png)
    {
        var copy = png.ToArray();
        copy[8 + 8 + 12] ^= 0x01; // IHDR data byte 12: the interlace method, 0 → 1
        return copy;
    }

    /// <summary>A JPEG with <paramref name="segments"/> extra APP2 ICC_PROFILE segments of 65 000 bytes each inserted after SOI.</summary>
    public static byte[] JpegWithIccSegments(byte[] jpeg, int segments)
    {
        using var output = new MemoryStream();
        output.Write(jpeg, 0, 2);
        var payload = new byte[65000];
        "ICC_PROFILE\0"u8.CopyTo(payload);
        for (var i = 0; i < segments; i++)
        {
            payload[12] = (byte)(i + 1);
            payload[13] = (byte)segments;
            output.Write([0xFF, 0xE2, (byte)((payload.Length + 2) >> 8), (byte)((payload.Length + 2) & 0xFF)]);
            output.Write(payload);
        }
        output.Write(jpeg, 2, jpeg.Length - 2);
        return output.ToArray();
    }

    /// <summary>
    /// A progressive JPEG with its last scan (SOS segment and entropy-coded data, up to the end-of-image marker) repeated
    /// <paramref name="copies"/> more times: structurally sound (every segment inside the file), though a decoder that
    /// checks the progression stops at the first repeat.
    /// </summary>
    public static byte[] JpegWithRepeatedScan(byte[] progressiveJpeg, int copies)
    {
        var lastScan = progressiveJpeg.AsSpan().LastIndexOf([(byte)0xFF, (byte)0xDA]);
        var end = progressiveJpeg.AsSpan().LastIndexOf([(byte)0xFF, (byte)0xD9]);
        if (lastScan < 0 || end < lastScan) throw new ArgumentException("not a JPEG with a scan and an end marker", nameof(progressiveJpeg));
        using var output = new MemoryStream();
        output.Write(progressiveJpeg, 0, end);
        for (var i = 0; i < copies; i++) output.Write(progressiveJpeg, lastScan, end - lastScan);
        output.Write(progressiveJpeg, end, progressiveJpeg.Length - end);
        return output.ToArray();
    }

    private static byte[] InsertAfterIhdr(byte[] png, string type, byte[] data)
    {
        const int afterIhdr = 8 + 8 + 13 + 4;
        using var output = new MemoryStream();
        output.Write(png, 0, afterIhdr);
        Chunk(output, type, data);
        output.Write(png, afterIhdr, png.Length - afterIhdr);
        return output.ToArray();
    }

    /// <summary>
    /// A zlib stream of about <paramref name="bytes"/> zeros written directly, not by compressing them: one deflate
    /// block with dynamic Huffman codes (RFC 1951 §3.2.7) holding a literal 0 and then copies of 258 bytes at distance
    /// 1, each copy a 1-bit length code and a 1-bit distance code: deflate's best ratio, 1032:1, so 1 GiB costs 1 MiB
    /// and no time. The Adler-32 of n zeros is (n mod 65521) &lt;&lt; 16 | 1.
    /// </summary>
    private static byte[] ZlibOfZeros(long bytes)
    {
        var copies = Math.Max(0, (bytes - 1) / 258);
        var bits = new BitWriter();
        bits.Write(1, 1); // BFINAL
        bits.Write(2, 2); // BTYPE 10: dynamic Huffman
        bits.Write(286 - 257, 5); // HLIT: literal/length codes 0..285
        bits.Write(0, 5); // HDIST: one distance code
        bits.Write(18 - 4, 4); // HCLEN: 18 code-length code lengths follow
        // Code-length alphabet: 18 (run of zeros) gets 1 bit (code 0), 1 and 2 get 2 bits (codes 10, 11). Given in the
        // order 16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1.
        foreach (var length in (int[])[0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2]) bits.Write(length, 3);
        // Literal/length code lengths: 0 → 2 bits, 1..255 none, 256 (end) → 2 bits, 257..284 none, 285 (258 bytes) → 1 bit.
        bits.WriteCode(0b11, 2);
        ZeroRun(bits, 138);
        ZeroRun(bits, 117);
        bits.WriteCode(0b11, 2);
        ZeroRun(bits, 28);
        bits.WriteCode(0b10, 2);
        bits.WriteCode(0b10, 2); // distance code 0 → 1 bit
        // Canonical codes: 285 → 0, literal 0 → 10, end of block → 11; distance 0 → 0.
        bits.WriteCode(0b10, 2);
        for (long i = 0; i < copies; i++) bits.WriteCode(0b00, 2);
        bits.WriteCode(0b11, 2);
        var total = 1 + copies * 258;
        var adler = (uint)(total % 65521) << 16 | 1;
        return [0x78, 0x9C, .. bits.ToArray(), (byte)(adler >> 24), (byte)(adler >> 16), (byte)(adler >> 8), (byte)adler];
    }

    private static void ZeroRun(BitWriter bits, int count)
    {
        bits.WriteCode(0, 1); // code-length symbol 18
        bits.Write(count - 11, 7);
    }

    /// <summary>Deflate's bit order: fields least significant bit first, Huffman codes most significant bit first.</summary>
    private sealed class BitWriter
    {
        private readonly MemoryStream bytes = new();
        private int current;
        private int used;

        public void Write(int value, int count)
        {
            for (var i = 0; i < count; i++) Bit((value >> i) & 1);
        }

        public void WriteCode(int code, int length)
        {
            for (var i = length - 1; i >= 0; i--) Bit((code >> i) & 1);
        }

        public byte[] ToArray()
        {
            if (used > 0) bytes.WriteByte((byte)current);
            return bytes.ToArray();
        }

        private void Bit(int bit)
        {
            current |= bit << used;
            if (++used < 8) return;
            bytes.WriteByte((byte)current);
            current = 0;
            used = 0;
        }
    }

    public static byte[] Gif() => [.. "GIF89a"u8, 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x21, 0xF9, 4, 1, 0, 0, 0, 0, 0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0, 0x3B];

    /// <summary>
    /// <paramref name="file"/> with 200 bytes scrambled from 40 % into it: a TIFF whose directory comes after its strips
    /// (as libtiff writes it) keeps a valid structure and carries compressed strip data that does not decode.
    /// </summary>
    public static byte[] ScrambledInTheMiddle(byte[] file)
    {
        var bytes = (byte[])file.Clone();
        for (var i = (int)(bytes.Length * 0.4); i < (int)(bytes.Length * 0.4) + 200; i++) bytes[i] ^= 0x5A;
        return bytes;
    }

    /// <summary>
    /// A little-endian TIFF of <paramref name="pages"/> one-pixel grey pages, each directory pointing at the next; with
    /// <paramref name="loop"/> the last points back at the first.
    /// </summary>
    public static byte[] TiffPages(int pages, bool loop = false)
    {
        const int directorySize = 2 + 9 * 12 + 4;
        var pixel = 8 + pages * directorySize;
        var tiff = new byte[pixel + 1];
        "II*\0"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), 8);
        // ImageWidth, ImageLength, BitsPerSample, Compression (none), Photometric (black is zero), StripOffsets,
        // SamplesPerPixel, RowsPerStrip, StripByteCounts.
        (ushort Tag, ushort Type, uint Value)[] entries = [(256, 3, 1), (257, 3, 1), (258, 3, 8), (259, 3, 1), (262, 3, 1), (273, 4, (uint)pixel), (277, 3, 1), (278, 3, 1), (279, 4, 1)];
        for (var page = 0; page < pages; page++)
        {
            var at = 8 + page * directorySize;
            BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at), (ushort)entries.Length);
            for (var i = 0; i < entries.Length; i++)
            {
                var entry = tiff.AsSpan(at + 2 + i * 12);
                BinaryPrimitives.WriteUInt16LittleEndian(entry, entries[i].Tag);
                BinaryPrimitives.WriteUInt16LittleEndian(entry[2..], entries[i].Type);
                BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], 1);
                BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], entries[i].Value);
            }
            var next = page < pages - 1 ? at + directorySize : loop ? 8 : 0;
            BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at + 2 + entries.Length * 12), (uint)next);
        }
        tiff[pixel] = 0x80;
        return tiff;
    }

    /// <summary>The first <paramref name="fraction"/> of a photo: the header is intact, the pixels are not.</summary>
    public static byte[] Truncated(byte[] photo, double fraction) => photo[..(int)(photo.Length * fraction)];

    /// <summary>
    /// A PNG whose every chunk is well formed (lengths, CRCs, IEND) but whose first IDAT carries scrambled compressed
    /// data: it passes every check at upload and fails only when its pixels are decoded (libpng: a read error).
    /// </summary>
    public static byte[] PngWithDamagedImageData(byte[] png)
    {
        var bytes = (byte[])png.Clone();
        var at = bytes.AsSpan().IndexOf("IDAT"u8);
        var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at - 4));
        for (var i = at + 4 + length / 3; i < at + 4 + length / 3 + Math.Min(200, length / 3); i++) bytes[i] ^= 0x5A;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(at + 4 + length), Crc32(bytes[at..(at + 4 + length)]));
        return bytes;
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        png.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
