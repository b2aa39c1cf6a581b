using System.Diagnostics;
using Microsoft.Extensions.Options;
using PixTools.Intake;
using PixTools.Operations;
using PixTools.UnitTests.Operations;
using Xunit.Abstractions;

namespace PixTools.UnitTests.Intake;

public class PixelGuardTests(ITestOutputHelper output)
{
    private static PixelGuard Guard(long maxPixels = 100_000_000)
    {
        TestImages.EnsureVipsSetUp();
        return new PixelGuard(Options.Create(new LimitsOptions { MaxPixels = maxPixels }));
    }

    [Fact]
    public void RefusesADecompressionBombFromItsHeaderWithoutDecodingIt()
    {
        var bomb = CraftedImages.PngBomb(60000, 60000);
        var guard = Guard();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var memoryBefore = Process.GetCurrentProcess().WorkingSet64;
        var clock = Stopwatch.StartNew();

        var outcome = guard.Check(bomb, ImageFormats.Png);
        var (passed, _, problem) = (outcome.Succeeded, outcome.Value, outcome.Problem);

        clock.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var memoryGrowth = Process.GetCurrentProcess().WorkingSet64 - memoryBefore;
        output.WriteLine($"refused in {clock.Elapsed.TotalMilliseconds:F1} ms, {allocated} managed bytes, working set +{memoryGrowth} bytes");
        Assert.False(passed);
        Assert.Equal(422, problem!.StatusCode);
        Assert.Equal("This image is 60,000 × 60,000 pixels; the limit is 100 megapixels.", problem.Detail);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
        Assert.True(allocated < 50_000_000, $"allocated {allocated} bytes");
        Assert.True(memoryGrowth < 50_000_000, $"working set grew {memoryGrowth} bytes");
    }

    [Theory]
    [InlineData(1, 100_000_000)]
    [InlineData(65_536, 1)]
    public void RefusesASideLongerThanTheLimitWithinThePixelLimit(int width, int height)
    {
        // A thread of a picture costs the decoder per row: 1 x 100,000,000 took a worker 111 s to write as PNG.
        var outcome = Guard().Check(CraftedImages.PngBomb(width, height), ImageFormats.Png);

        Assert.Equal(422, outcome.Problem?.StatusCode);
        Assert.Equal($"This image is {width:N0} × {height:N0} pixels; a side may be at most 65,535 pixels.", outcome.Problem!.Detail);
        Assert.True(Guard().Check(CraftedImages.PngBomb(1, 65_535), ImageFormats.Png).Succeeded);
        Assert.Equal(65_535, new LimitsOptions().MaxSide);
    }

    [Fact]
    public void PassesANormalPhotoWithItsStoredSize()
    {
        var outcome = Guard().Check(TestPhotos.Read("rocket-orient6.jpg"), ImageFormats.Jpeg);
        var (passed, header, problem) = (outcome.Succeeded, outcome.Value, outcome.Problem);

        Assert.True(passed, problem?.Detail);
        Assert.Equal(new ImageHeader(640, 427, QuarterTurn: true), header); // EXIF orientation 6: shown 427 wide
        Assert.Equal([(427, 640)], header!.ShownSizes);
    }

    [Theory]
    [InlineData(240_000, true)]
    [InlineData(239_999, false)]
    public void HonoursTheConfiguredLimit(long maxPixels, bool passes)
    {
        var outcome = Guard(maxPixels).Check(TestPhotos.Read("coffee.png"), ImageFormats.Png);
        var (passed, _, problem) = (outcome.Succeeded, outcome.Value, outcome.Problem);

        Assert.Equal(passes, passed);
        if (!passes) Assert.Equal("This image is 600 × 400 pixels; the limit is 239,999 pixels.", problem!.Detail);
    }

    [Fact]
    public void AnUnreadableHeaderIsABadRequestNamingTheFormat()
    {
        byte[] notReally = [0xFF, 0xD8, 0xFF, 0x00, 0x01, 0x02, 0x03];

        var outcome = Guard().Check(notReally, ImageFormats.Jpeg);
        var (passed, _, problem) = (outcome.Succeeded, outcome.Value, outcome.Problem);

        Assert.False(passed);
        Assert.Equal(400, problem!.StatusCode);
        Assert.StartsWith("file is not a valid jpg image: ", problem.Detail);
    }
}

public class PixelGuardSpooledTests
{
    public static TheoryData<string, int> Inputs => new()
    {
        { "jpg", 1 }, { "png", 1 }, { "webp", 1 }, { "avif", 1 }, { "tiff", 1 }, { "gif", 1 }, { "gif", 3 }, { "webp", 3 },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task ReadsASpooledUploadsHeaderThroughItsFormatsLoader(string extension, int frames)
    {
        TestImages.EnsureVipsSetUp();
        var format = ImageFormats.Inputs.Single(f => f.Extension == extension);
        var bytes = TestImages.Save("coffee.png", image =>
        {
            // Frames that differ (identical ones an encoder may merge into one).
            using var strip = frames == 1 ? image.Copy() : NetVips.Image.Arrayjoin([.. Enumerable.Range(0, frames).Select(i => (image * (1.0 - (0.2 * i))).Cast(NetVips.Enums.BandFormat.Uchar))], across: 1);
            using var animated = strip.Mutate(m =>
            {
                if (frames == 1) return;
                m.Set(NetVips.GValue.GIntType, "page-height", image.Height);
                m.Set(NetVips.GValue.ArrayIntType, "delay", Enumerable.Repeat(100, frames).ToArray());
            });
            return animated.WriteToBuffer("." + extension);
        });
        var folder = Directory.CreateTempSubdirectory("pixelguard-").FullName;
        try
        {
            await using var spooled = (await SpooledFile.WriteAsync(new MemoryStream(bytes), bytes.Length, folder, CancellationToken.None)).File!;
            var guard = new PixelGuard(Options.Create(new LimitsOptions { MaxPixels = 100_000_000 }));

            var outcome = guard.Check(spooled, format);

            Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
            Assert.Equal(new ImageHeader(600, 400, frames), outcome.Value);
            Assert.Equal(outcome.Value, guard.Check(bytes, format).Value);
            var other = format == ImageFormats.Png ? ImageFormats.Jpeg : ImageFormats.Png;
            Assert.Equal(400, guard.Check(spooled, other).Problem?.StatusCode);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
