using NetVips;
using PixTools.Operations.Metadata;
using PixTools.Operations;

namespace PixTools.UnitTests.Operations;

/// <summary>GPS from EXIF edited with libvips (its exif-ifd3-* fields are written back into the EXIF block on save).</summary>
public sealed class MetadataOperationGpsTests
{
    private static IReadOnlyDictionary<string, object> ReadEdited(Action<MutableImage> edit)
    {
        using var image = Image.NewFromFile(TestPhotos.PathOf("colorfulcups-exif-gps.jpg")).Resize(0.02).Mutate(edit);
        var jpeg = image.JpegsaveBuffer(keep: Enums.ForeignKeep.All);
        return new MetadataOperation().RunAsync(new OperationInput(jpeg, ImageFormats.Jpeg, OperationParams.None), Stream.Null, CancellationToken.None)
            .Result.Metadata!;
    }

    [Fact]
    public void SouthAndWestAreNegative()
    {
        var metadata = ReadEdited(m =>
        {
            m.Set(GValue.GStrType, "exif-ifd3-GPSLatitudeRef", "S");
            m.Set(GValue.GStrType, "exif-ifd3-GPSLongitudeRef", "W");
        });

        Assert.Equal(new GpsCoordinates(-56.155995, -10.208205), metadata["gps"]);
    }

    [Theory]
    [InlineData("exif-ifd3-GPSLatitude")]
    [InlineData("exif-ifd3-GPSLongitude")]
    public void GpsIsOmittedWhenEitherCoordinateIsMissing(string removed)
    {
        var metadata = ReadEdited(m => m.Remove(removed));

        Assert.False(metadata.ContainsKey("gps"));
        Assert.Equal("SONY", metadata["camera_make"]);
    }
}
