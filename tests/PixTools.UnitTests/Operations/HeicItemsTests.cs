using System.Diagnostics;
using NetVips;
using PixTools.Operations.Vips;

namespace PixTools.UnitTests.Operations;

/// <summary>
/// A HEIC of several top-level pictures is decoded as its primary picture alone: heif-convert decodes every top-level
/// image it finds, so all but the primary are marked hidden in the copy it reads. Checked with Debian's libheif tools.
/// </summary>
public sealed class HeicItemsTests
{
    private static readonly byte[] Coffee = TestPhotos.Read("coffee.png");
    private static readonly byte[] Chelsea = TestPhotos.Read("chelsea-exif.png");
    private static readonly byte[] Camera = TestPhotos.Read("camera-gray.png");

    [Fact]
    public void LeavesOnlyThePrimaryPictureTopLevel()
    {
        var heic = HeicFiles.FromPngs(Coffee, Chelsea, Camera);
        Assert.Equal(["600x400", "451x300", "512x512"], TopLevelImages(heic));

        var (hidden, profile) = HeicItems.Prepare(heic);

        Assert.Equal(["600x400"], TopLevelImages(hidden));
        Assert.Equal(heic.Length, hidden.Length);
        Assert.Null(profile);
    }

    [Fact]
    public void DecodesThePrimaryPictureOfAHeicOfSeveral()
    {
        TestImages.EnsureVipsSetUp();
        var heic = HeicFiles.FromPngs(Chelsea, Coffee, Coffee, Coffee);

        using var decoded = Image.NewFromBuffer(HeifConverter.ToPng(heic));

        Assert.Equal((451, 300), (decoded.Width, decoded.Height));
    }

    [Fact]
    public void KeepsThePrimaryPicturesAlphaPlane()
    {
        TestImages.EnsureVipsSetUp();
        using var coffee = Image.NewFromBuffer(Coffee);
        using var translucent = coffee.Bandjoin(128);
        var heic = HeicFiles.FromPngs(translucent.PngsaveBuffer(), Chelsea);

        using var decoded = Image.NewFromBuffer(HeifConverter.ToPng(heic));

        Assert.True(decoded.HasAlpha());
        Assert.InRange(decoded[3].Avg(), 120, 136);
    }

    [Fact]
    public void DecodesAHeicWhoseProfileLibpngRefusesAndKeepsThatProfile()
    {
        // chelsea's profile is an old sRGB profile libpng calls "known incorrect" and will not write: heif-convert wrote
        // an empty PNG and exited 0, and the job failed four times over with an exception's text.
        TestImages.EnsureVipsSetUp();
        using var chelsea = Image.NewFromBuffer(Chelsea);
        var profile = (byte[])chelsea.Get("icc-profile-data");
        var heic = HeicFiles.FromPng(Chelsea);
        Assert.Equal(profile, HeicItems.Prepare(heic).Profile);

        using var decoded = Image.NewFromBuffer(HeifConverter.ToPng(heic));

        Assert.Equal((451, 300), (decoded.Width, decoded.Height));
        Assert.Equal(profile, (byte[])decoded.Get("icc-profile-data"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(40)]
    public void LeavesBytesItCannotReadAsTheyAre(int length)
    {
        var bytes = HeicFiles.FromPng(Coffee)[..length];

        var (file, profile) = HeicItems.Prepare(bytes);

        Assert.Equal(bytes, file);
        Assert.Null(profile);
    }

    /// <summary>The sizes of the top-level images heif-info lists ("image: 600x400 (id=1), primary").</summary>
    private static List<string> TopLevelImages(byte[] heic)
    {
        var path = Path.Combine(Path.GetTempPath(), $"pixtools-heic-items-{Guid.NewGuid():N}.heic");
        try
        {
            File.WriteAllBytes(path, heic);
            using var process = Process.Start(new ProcessStartInfo("heif-info", [path]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            _ = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return output.Split('\n').Where(line => line.StartsWith("image: ", StringComparison.Ordinal))
                .Select(line => line["image: ".Length..line.IndexOf(' ', "image: ".Length)]).ToList();
        }
        finally
        {
            File.Delete(path);
        }
    }
}
