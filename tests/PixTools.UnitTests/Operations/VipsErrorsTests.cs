using System.Collections.Concurrent;
using PixTools.Operations;
using PixTools.Operations.Vips;

namespace PixTools.UnitTests.Operations;

/// <summary>A failed job's reason is its own image's, though libvips keeps one error buffer for the whole process.</summary>
public sealed class VipsErrorsTests
{
    private const int Rounds = 60;
    private const string Truncated = "it ends before the end of its image data (the file is truncated)";

    [Theory]
    // The wrapper line goes, the cause stays, in plain words where the library's are its own.
    [InlineData("unable to call jpegsave_buffer\nVipsJpeg: premature end of JPEG image\n", "jpg", Truncated)]
    // Another conversion's PNG failure left its line in the shared buffer.
    [InlineData("unable to call jpegsave_buffer\nVipsJpeg: premature end of JPEG image\nvipspng: libpng read error\n", "jpg", Truncated)]
    [InlineData("unable to call jpegsave_buffer\nvipspng: libpng read error\nVipsJpeg: premature end of JPEG image\n", "png", "its image data is damaged or cut short")]
    // Two concurrent failures of the same kind: the line once.
    [InlineData("unable to call thumbnail_buffer\nwebp: unable to parse image\nwebp: unable to parse image\n", "webp", "unable to parse image")]
    // libheif's line is kept; the loader-neutral seeks and the bare error code are not.
    [InlineData("unable to call thumbnail_buffer\nsource: bad seek to 21683\nheif: Invalid input: Unexpected end of file\n (2.100)\n", "avif", "Invalid input: Unexpected end of file")]
    // Another thread cleared the buffer first: nothing of ours is left.
    [InlineData("unable to call jpegsave_buffer\n", "jpg", VipsErrors.Unreadable)]
    [InlineData("unable to call thumbnail_buffer\nvipspng: libpng read error\nsource: bad seek to 10\n", "jpg", VipsErrors.Unreadable)]
    [InlineData("unable to call thumbnail_buffer\nVipsSource: bad seek to 1024\n", "jpg", VipsErrors.Unreadable)]
    // A line of no format's loader may be ours.
    [InlineData("unable to call thumbnail_buffer\nVipsImage: memory area too small --- should be 1000 bytes, you passed 10\n", "png", "memory area too small --- should be 1000 bytes, you passed 10")]
    public void KeepsOnlyTheLinesOfTheFormatsAtHand(string message, string format, string expected)
    {
        Assert.Equal(expected, VipsErrors.Reason(message, ImageFormats.ForOperation(format)!));
    }

    [Theory]
    [InlineData("unable to call tiffload\nimage: bad labq format\n", "tiff", "its colours are stored as CIELab in a layout this server cannot read; save it as RGB")]
    [InlineData("unable to call thumbnail_buffer\ntiff2vips: unsupported sample format\nVipsJpeg: premature end of JPEG image\n", "tiff", "unsupported sample format")]
    [InlineData("unable to call thumbnail_buffer\ngifload: no frames in GIF\nvipspng: libpng read error\n", "gif", "no frames in GIF")]
    // libtiff reports a strip that does not decode, then every row after it: one plain reason for all of them.
    [InlineData("unable to write to memory\ntiff2vips: Using code not yet in table\ntiff2vips: LZWDecode: Scanline 176 cannot be read due to previous error\ntiff2vips: LZWDecode: Scanline 177 cannot be read due to previous error\n", "tiff", "its image data is damaged or cut short")]
    [InlineData("unable to write to memory\ntiff2vips: Unsupported marker type 0xb1\ntiff2vips: Unsupported marker type 0xb1\n", "tiff", "its image data is damaged or cut short")]
    [InlineData("unable to write to memory\ngifload_buffer: Invalid frame data\n", "gif", "its image data is damaged or cut short")]
    // A HEIC reaches libvips as heif-convert's PNG: the PNG loader's lines are its own.
    [InlineData("unable to call thumbnail_buffer\nvipspng: libpng read error\n", "heic", "its image data is damaged or cut short")]
    public void ReadsTheReasonsOfTheInputOnlyFormats(string message, string extension, string expected) =>
        Assert.Equal(expected, VipsErrors.Reason(message, ImageFormats.Inputs.Single(f => f.Extension == extension), ImageFormats.Jpeg));

    [Fact]
    public void KeepsTheTargetSaversLinesButNotItsLoaders()
    {
        var message = "unable to call heifsave_buffer\nheifsave_buffer: Unsupported compression\nheif: Invalid input\nvipspng: libpng read error\n";

        Assert.Equal("Unsupported compression", VipsErrors.Reason(message, ImageFormats.Jpeg, ImageFormats.Avif));
    }

    [Fact]
    public async Task ConcurrentFailuresOfFourFormatsEachGiveTheirOwnReason()
    {
        // Half files of each format, failing at once on every core. Without the filter, some message carried another
        // format's line ("…end of JPEG image; vipspng: libpng read error") in 2 of 3 runs of this test.
        var inputs = new Dictionary<ImageFormat, byte[]>
        {
            [ImageFormats.Jpeg] = TestPhotos.Read("storm-exif-lens.jpg"),
            [ImageFormats.Png] = TestPhotos.Read("coffee.png"),
            [ImageFormats.Webp] = TestImages.Webp("coffee.png"),
            [ImageFormats.Avif] = TestImages.Avif("coffee.png"),
        };
        // Each failure's reason alone first: what it must be again when the four fail at the same time.
        var alone = new Dictionary<ImageFormat, string>();
        foreach (var (format, bytes) in inputs)
        {
            alone[format] = (await Assert.ThrowsAsync<ImageInputException>(() => TestImages.ConvertAsync(ImageFormats.Jpeg, bytes[..(bytes.Length / 2)], format))).Message;
        }
        Assert.Equal(4, alone.Values.Distinct().Count());
        var reasons = new ConcurrentBag<(ImageFormat Format, string Message)>();

        await Task.WhenAll(inputs.Select(pair => Task.Run(async () =>
        {
            var half = pair.Value[..(pair.Value.Length / 2)];
            for (var i = 0; i < Rounds; i++)
            {
                var error = await Assert.ThrowsAsync<ImageInputException>(() => TestImages.ConvertAsync(ImageFormats.Jpeg, half, pair.Key));
                reasons.Add((pair.Key, error.Message));
            }
        })));

        Assert.Equal(4 * Rounds, reasons.Count);
        Assert.All(reasons, r =>
        {
            Assert.StartsWith($"file is not a valid {r.Format.Extension} image: ", r.Message);
            // Its own reason, or none at all when another thread cleared libvips' one error buffer first; never another's.
            Assert.Contains(r.Message, new[] { alone[r.Format], $"file is not a valid {r.Format.Extension} image: {VipsErrors.Unreadable}" });
        });
    }
}
