using MetadataExtractor;
using PixTools.Operations.Metadata;

namespace PixTools.UnitTests.Operations;

public sealed class ExifFormattingTests
{
    [Theory]
    [InlineData(1, 8000, "1/8000s")]
    [InlineData(1, 640, "1/640s")]
    [InlineData(10, 2500, "1/250s")]
    [InlineData(1, 250, "1/250s")]
    [InlineData(1, 6, "1/6s")]
    [InlineData(10, 60, "1/6s")]
    [InlineData(2, 5, "0.4s")] // 0.4 s: 1/t = 2.5 is 17 % from 3, so it is written in seconds
    [InlineData(1, 3, "1/3s")]
    [InlineData(333, 1000, "1/3s")] // 1/0.333 = 3.003, within 5 % of 3
    [InlineData(3, 10, "0.3s")] // 1/0.3 = 3.33, 11 % from 3
    [InlineData(1, 2, "1/2s")]
    [InlineData(10, 15, "0.67s")] // 1/0.667 = 1.5: seconds, two decimals
    [InlineData(1, 8, "1/8s")]
    [InlineData(13, 100, "1/8s")] // 1/0.13 = 7.69, 3.8 % from 8
    [InlineData(15, 100, "1/7s")] // 1/0.15 = 6.67: |6.67 - 7| = 0.33, within 5 % of 7 (0.35)
    [InlineData(45, 100, "0.45s")] // 1/0.45 = 2.22, 11 % from 2
    [InlineData(1, 10, "1/10s")]
    [InlineData(1, 15, "1/15s")]
    [InlineData(1, 25, "1/25s")]
    [InlineData(5, 10, "1/2s")]
    [InlineData(6, 10, "0.6s")] // 1/0.6 = 1.67, 17 % from 2
    [InlineData(8, 10, "0.8s")] // 1/0.8 = 1.25, 25 % from 1
    [InlineData(96, 100, "1s")] // within 5 % of 1/1: "1s", not "1/1s"
    [InlineData(1, 1, "1s")]
    [InlineData(10, 10, "1s")]
    [InlineData(2, 1, "2s")]
    [InlineData(5, 2, "2.5s")]
    [InlineData(13, 10, "1.3s")]
    [InlineData(133, 100, "1.3s")]
    [InlineData(30, 1, "30s")]
    [InlineData(300, 10, "30s")]
    public void FormatsExposureTimeLikeTheContract(long numerator, long denominator, string expected)
    {
        Assert.Equal(expected, ExifFormatting.ExposureTime(new Rational(numerator, denominator)));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    [InlineData(0, 0)]
    [InlineData(-1, 250)]
    public void OmitsAnUnusableExposureTime(long numerator, long denominator)
    {
        Assert.Null(ExifFormatting.ExposureTime(new Rational(numerator, denominator)));
    }

    [Theory]
    [InlineData(2.8, "f/2.8")]
    [InlineData(4.0, "f/4")]
    [InlineData(8.0, "f/8")]
    [InlineData(1.85, "f/1.85")]
    [InlineData(1.8499, "f/1.85")]
    [InlineData(1.844, "f/1.84")]
    [InlineData(3.5, "f/3.5")]
    [InlineData(22.0, "f/22")]
    [InlineData(1.0, "f/1")]
    [InlineData(0.95, "f/0.95")]
    public void FormatsApertureWithAtMostTwoDecimals(double fNumber, string expected)
    {
        Assert.Equal(expected, ExifFormatting.Aperture(fNumber));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-2.8)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void OmitsAnUnusableAperture(double fNumber)
    {
        Assert.Null(ExifFormatting.Aperture(fNumber));
    }

    [Theory]
    [InlineData("Canon", "Canon")]
    [InlineData("PENTAX Corporation ", "PENTAX Corporation")]
    [InlineData("  NEX-3N\0\0\0", "NEX-3N")]
    [InlineData("\0\0\0\0", null)]
    [InlineData("    ", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void TrimsCameraTextOfSpacesAndNuls(string? value, string? expected)
    {
        Assert.Equal(expected, ExifFormatting.Text(value));
    }

    [Theory]
    [InlineData("2014:04:29 14:25:26", "2014:04:29 14:25:26")]
    [InlineData("2014:04:29 14:25:26\0", "2014:04:29 14:25:26")]
    [InlineData("0000:00:00 00:00:00", null)]
    [InlineData("    :  :     :  :  ", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void KeepsCapturedAtAsWrittenUnlessBlankOrZero(string? value, string? expected)
    {
        Assert.Equal(expected, ExifFormatting.CapturedAt(value));
    }

    [Theory]
    [InlineData("2009-02-09T11:11:30", "2009:02:09 11:11:30")]
    [InlineData("2009-02-09T11:11:30.25+01:00", "2009:02:09 11:11:30")]
    [InlineData("2009-02-09", null)]
    [InlineData("2009-13-09T11:11:30", null)]
    [InlineData("yesterday", null)]
    public void WritesAnXmpDateTheExifWay(string value, string? expected)
    {
        Assert.Equal(expected, ExifFormatting.CapturedAtFromXmp(value));
    }

    [Theory]
    [InlineData(56.1559949999, 56.155995)]
    [InlineData(-0.1246254, -0.124625)]
    [InlineData(51.5007295, 51.50073)]
    public void RoundsDegreesToSixPlaces(double degrees, double expected)
    {
        Assert.Equal(expected, ExifFormatting.Degrees(degrees));
    }
}

public sealed class FocalLengthFormattingTests
{
    [Theory]
    [InlineData(50.0, "50 mm")]
    [InlineData(4.2, "4.2 mm")]
    [InlineData(4.25, "4.3 mm")]
    [InlineData(18.0, "18 mm")]
    [InlineData(0.0, null)]
    [InlineData(-5.0, null)]
    [InlineData(double.NaN, null)]
    public void FormatsFocalLengthInMillimetres(double millimetres, string? expected)
    {
        Assert.Equal(expected, ExifFormatting.FocalLength(millimetres));
    }
}
