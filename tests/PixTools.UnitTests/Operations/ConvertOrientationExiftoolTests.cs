using System.Text.Json;
using NetVips;
using PixTools.Operations;

namespace PixTools.UnitTests.Operations;

/// <summary>
/// Every EXIF orientation, written by exiftool: a conversion applies it to the pixels (sides swapped for 5..8, the
/// transposing ones) and writes no EXIF. The metadata operation does not output orientation, so this is its check.
/// An AVIF is the exception, pinned here: HEIF carries orientation in its irot/imir boxes, which libheif applies,
/// and libvips does not apply an EXIF orientation on top, so an AVIF tagged only in EXIF keeps its stored sides
/// (as it displays in a browser, which reads the boxes too).
/// </summary>
public sealed class ConvertOrientationExiftoolTests(ConvertOrientationExiftoolTests.OrientedFiles files) : IClassFixture<ConvertOrientationExiftoolTests.OrientedFiles>
{
    private static readonly ImageFormat[] Sources = [ImageFormats.Jpeg, ImageFormats.Png, ImageFormats.Webp, ImageFormats.Avif];

    public static TheoryData<string, int> SourcesAndOrientations()
    {
        var rows = new TheoryData<string, int>();
        foreach (var format in Sources)
            for (var orientation = 1; orientation <= 8; orientation++)
                rows.Add(format.Operation, orientation);
        return rows;
    }

    [Theory]
    [MemberData(nameof(SourcesAndOrientations))]
    public async Task AppliesTheOrientationExiftoolWroteAndDropsTheExif(string sourceName, int orientation)
    {
        var source = ImageFormats.ForOperation(sourceName)!;
        var (file, tags) = files.Of(source, orientation);
        Assert.Equal(orientation, tags["IFD0:Orientation"].GetInt32());
        var target = source == ImageFormats.Png ? ImageFormats.Jpeg : ImageFormats.Png;

        var (result, bytes) = await TestImages.ConvertAsync(target, File.ReadAllBytes(file), source);

        var (width, height) = files.StoredSize;
        var expected = orientation >= 5 && source != ImageFormats.Avif ? (height, width) : (width, height);
        Assert.Equal(expected, (result.Width, result.Height));
        using var output = Image.NewFromBuffer(bytes);
        Assert.Equal(expected, (output.Width, output.Height));
        Assert.False(output.Contains("exif-data"), "the output carries EXIF");

        // The pixels, not only the sides: of the eight turns of the stored pixels, the output is nearest the one the tag
        // names, and clearly (2..4 mirror or turn without swapping sides, so only this tells them from 1). Nearest,
        // not equal: a JPEG target or source adds its loss to every candidate alike.
        using var stored = Image.NewFromFile(file);
        var expectedTurn = source == ImageFormats.Avif ? 1 : orientation;
        var distances = Enumerable.Range(1, 8).ToDictionary(turn => turn, turn => Distance(output, Oriented(stored, turn)));
        var nearestOther = distances.Where(d => d.Key != expectedTurn && !double.IsNaN(d.Value)).Min(d => d.Value);
        Assert.True(distances[expectedTurn] < nearestOther / 2,
            $"orientation {orientation}: distance to turn {expectedTurn} is {distances[expectedTurn]:0.0}, to the nearest other turn {nearestOther:0.0}");
    }

    /// <summary>Mean absolute difference of the colour bands, NaN when the sides differ.</summary>
    private static double Distance(Image output, Image candidate)
    {
        using (candidate)
        {
            if ((output.Width, output.Height) != (candidate.Width, candidate.Height)) return double.NaN;
            using var difference = (output.ExtractBand(0, 3) - candidate.ExtractBand(0, 3)).Abs();
            return difference.Avg();
        }
    }

    /// <summary>EXIF orientation (tag 0x0112) as the turn that displays the stored pixels upright.</summary>
    private static Image Oriented(Image stored, int orientation) => orientation switch
    {
        1 => stored.Copy(),
        2 => stored.FlipHor(),
        3 => stored.Rot180(),
        4 => stored.FlipVer(),
        5 => stored.Rot90().FlipHor(),
        6 => stored.Rot90(),
        7 => stored.Rot90().FlipVer(),
        _ => stored.Rot270(),
    };

    /// <summary>A landscape base image per source format and orientation, tagged in one exiftool run and read back in another.</summary>
    public sealed class OrientedFiles : IDisposable
    {
        private readonly string folder = Directory.CreateTempSubdirectory("pixtools-orientation-").FullName;
        private readonly Dictionary<string, (string File, Dictionary<string, JsonElement> Tags)> byKey = [];

        public OrientedFiles()
        {
            var writes = (from format in Sources
                          from orientation in Enumerable.Range(1, 8)
                          select (Key: $"{format.Operation}/{orientation}", File: Exiftool.BaseImage(folder, format), Orientation: orientation)).ToList();
            using (var first = Image.NewFromFile(writes[0].File)) StoredSize = (first.Width, first.Height);
            Assert.True(StoredSize.Width != StoredSize.Height, "the base image must not be square, or a swap would not show");
            // "#" writes the number as is (no print conversion): -Orientation#=6 is "Rotate 90 CW".
            Exiftool.WriteAll(writes.Select(w => (w.File, (IReadOnlyList<string>)[$"-Orientation#={w.Orientation}"])).ToList());
            var read = Exiftool.ReadAll(writes.Select(w => w.File).ToList());
            foreach (var write in writes) byKey[write.Key] = (write.File, read[write.File]);
        }

        public (int Width, int Height) StoredSize { get; }

        public (string File, Dictionary<string, JsonElement> Tags) Of(ImageFormat format, int orientation) => byKey[$"{format.Operation}/{orientation}"];

        public void Dispose() => Directory.Delete(folder, recursive: true);
    }
}
