using System.Text;
using PixTools.Intake;
using PixTools.Operations;
using PixTools.UnitTests.Operations;

namespace PixTools.UnitTests.Intake;

public class FormatSnifferTests
{
    public static TheoryData<string, string?> Files() => new()
    {
        { "jpeg photo", "jpg" },
        { "png photo", "png" },
        { "webp made by libvips", "webp" },
        { "avif made by libvips", "avif" },
        { "ftyp with avif only among compatible brands", "avif" },
        { "ftyp with avis major brand", "avif" },
        { "gif", "gif" },
        { "bmp", null },
        { "tiff little-endian", "tiff" },
        { "tiff big-endian", "tiff" },
        { "heic ftyp", "heic" },
        { "svg", null },
        { "riff that is not webp", null },
        { "empty", null },
        { "two bytes of jpeg", null },
        { "seven bytes of png", null },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void TellsTheFormatFromMagicBytes(string file, string? expected)
    {
        var sniffed = FormatSniffer.Sniff(Bytes(file));
        Assert.Equal(expected, sniffed?.Operation);
    }

    [Fact]
    public void HeadLengthCoversTheAvifBrandsLibvipsWrites()
    {
        var avif = TestImages.Avif("coffee.png");
        Assert.Equal(ImageFormats.Avif, FormatSniffer.Sniff(avif.AsSpan(0, FormatSniffer.HeadLength)));
    }

    private static byte[] Bytes(string file) => file switch
    {
        "jpeg photo" => TestPhotos.Read("rocket-orient6.jpg"),
        "png photo" => TestPhotos.Read("camera-gray.png"),
        "webp made by libvips" => TestImages.Webp("coffee.png"),
        "avif made by libvips" => TestImages.Avif("coffee.png"),
        "ftyp with avif only among compatible brands" => Ftyp("mif1", "miaf", "avif"),
        "ftyp with avis major brand" => Ftyp("avis", "msf1"),
        "gif" => Ascii("GIF89a\x01\x00\x01\x00\x80\x00\x00"),
        "bmp" => [.. Ascii("BM"), 0x3A, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 0x28, 0, 0, 0],
        "tiff little-endian" => [.. Ascii("II"), 42, 0, 8, 0, 0, 0],
        "tiff big-endian" => [.. Ascii("MM"), 0, 42, 0, 0, 0, 8],
        "heic ftyp" => Ftyp("heic", "mif1", "heic"),
        "svg" => Ascii("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>"),
        "riff that is not webp" => Ascii("RIFF\x24\x00\x00\x00WAVEfmt "),
        "empty" => [],
        "two bytes of jpeg" => [0xFF, 0xD8],
        "seven bytes of png" => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A],
        _ => throw new ArgumentOutOfRangeException(nameof(file)),
    };

    private static byte[] Ascii(string text) => Encoding.Latin1.GetBytes(text);

    // An ISO-BMFF ftyp box: size, "ftyp", major brand, minor version 0, compatible brands.
    private static byte[] Ftyp(string major, params string[] compatible)
    {
        var size = 16 + 4 * compatible.Length;
        byte[] head = [0, 0, 0, (byte)size, .. Ascii("ftyp"), .. Ascii(major), 0, 0, 0, 0];
        return [.. head, .. compatible.SelectMany(Ascii), 0, 0, 0, 8, .. Ascii("meta")];
    }
}
