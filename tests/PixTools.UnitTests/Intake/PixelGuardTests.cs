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

    [Fact]
    public void PassesANormalPhotoWithItsStoredSize()
    {
        var outcome = Guard().Check(TestPhotos.Read("rocket-orient6.jpg"), ImageFormats.Jpeg);
        var (passed, header, problem) = (outcome.Succeeded, outcome.Value, outcome.Problem);

        Assert.True(passed, problem?.Detail);
        Assert.Equal(new ImageHeader(640, 427), header);
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
