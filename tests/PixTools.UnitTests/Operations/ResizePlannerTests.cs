using PixTools.Operations;
using PixTools.Operations.Vips;

namespace PixTools.UnitTests.Operations;

public class ResizePlannerTests
{
    public static TheoryData<int, int, int?, int?, ResizeFit, ResizePlan> Rows() => new()
    {
        // source, requested, fit, plan (scaled w, h, output w, h)
        { 600, 400, 300, null, ResizeFit.Fill, new(300, 200, 300, 200) },          // width only: height follows
        { 600, 400, null, 100, ResizeFit.Fill, new(150, 100, 150, 100) },          // height only: width follows
        { 640, 427, 100, null, ResizeFit.Fill, new(100, 67, 100, 67) },            // 66.72 rounds to 67
        { 3, 2, 1, null, ResizeFit.Fill, new(1, 1, 1, 1) },                        // 0.67 rounds to 1
        { 4000, 10, 100, null, ResizeFit.Fill, new(100, 1, 100, 1) },              // 0.25 is at least 1
        { 400, 300, 2, null, ResizeFit.Fill, new(2, 2, 2, 2) },                    // 1.5 rounds up (away from zero)
        { 600, 400, 1200, null, ResizeFit.Fill, new(1200, 800, 1200, 800) },       // upscale
        { 600, 400, 100, 100, ResizeFit.Fill, new(100, 100, 100, 100) },           // fill ignores the aspect
        { 600, 400, 100, 100, ResizeFit.Inside, new(100, 67, 100, 67) },
        { 400, 600, 100, 100, ResizeFit.Inside, new(67, 100, 67, 100) },
        { 600, 400, 1200, 1200, ResizeFit.Inside, new(1200, 800, 1200, 800) },     // inside upscales too
        { 600, 400, 100, 100, ResizeFit.Cover, new(150, 100, 100, 100) },
        { 400, 600, 100, 50, ResizeFit.Cover, new(100, 150, 100, 50) },
        { 600, 400, 100, 100, ResizeFit.Contain, new(100, 67, 100, 100) },
        { 400, 600, 300, 300, ResizeFit.Contain, new(200, 300, 300, 300) },
        { 600, 400, 300, 200, ResizeFit.Contain, new(300, 200, 300, 200) },        // same aspect: no padding
        { 10000, 1, 10, 10, ResizeFit.Inside, new(10, 1, 10, 1) },                 // thin side stays at least 1
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void PlansTheSizesOfAResize(int sourceWidth, int sourceHeight, int? width, int? height, ResizeFit fit, ResizePlan expected)
    {
        Assert.Equal(expected, ResizePlanner.Plan(sourceWidth, sourceHeight, new ResizeSpec(width, height, fit)));
    }

    [Fact]
    public void FitMattersOnlyWhenBothSidesAreGiven()
    {
        foreach (var fit in Enum.GetValues<ResizeFit>())
        {
            Assert.Equal(new ResizePlan(300, 200, 300, 200), ResizePlanner.Plan(600, 400, new ResizeSpec(300, null, fit)));
        }
    }

    [Fact]
    public void CoverCropsAndContainPads()
    {
        Assert.True(ResizePlanner.Plan(600, 400, new ResizeSpec(100, 100, ResizeFit.Cover)).NeedsCrop);
        Assert.True(ResizePlanner.Plan(600, 400, new ResizeSpec(100, 100, ResizeFit.Contain)).NeedsPad);
        var fill = ResizePlanner.Plan(600, 400, new ResizeSpec(100, 100));
        Assert.False(fill.NeedsCrop || fill.NeedsPad);
    }
}
