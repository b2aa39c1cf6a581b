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

    public static TheoryData<int, int, int?, int?, ResizeFit, ResizePlan> WithoutEnlargingRows() => new()
    {
        // source, requested, fit, plan with enlarge false (scaled w, h, output w, h)
        { 600, 400, 1200, null, ResizeFit.Fill, new(600, 400, 600, 400) },        // one side past the picture: its own size
        { 600, 400, null, 300, ResizeFit.Fill, new(450, 300, 450, 300) },         // smaller: as ever
        { 600, 400, 800, 200, ResizeFit.Fill, new(600, 150, 600, 150) },          // the 4:1 box shrinks until it fits
        { 600, 400, 1200, 1200, ResizeFit.Inside, new(600, 400, 600, 400) },
        { 600, 400, 300, 1200, ResizeFit.Inside, new(300, 200, 300, 200) },       // a box that shrinks it: as ever
        { 600, 400, 800, 800, ResizeFit.Contain, new(600, 400, 800, 800) },       // unscaled, padded to the box
        { 600, 400, 800, 800, ResizeFit.Cover, new(600, 400, 400, 400) },         // the largest square, uncut scale
        { 1000, 500, 800, 800, ResizeFit.Cover, new(1000, 500, 500, 500) },
        { 2000, 1000, 800, 300, ResizeFit.Cover, new(800, 400, 800, 300) },       // within the picture: as ever
    };

    [Theory]
    [MemberData(nameof(WithoutEnlargingRows))]
    public void WithoutEnlargingNoScaleGoesAboveOne(int sourceWidth, int sourceHeight, int? width, int? height, ResizeFit fit, ResizePlan expected)
    {
        var plan = ResizePlanner.Plan(sourceWidth, sourceHeight, new ResizeSpec(width, height, fit, Enlarge: false));
        Assert.Equal(expected, plan);
        Assert.True(plan.ScaledWidth <= sourceWidth && plan.ScaledHeight <= sourceHeight);
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
