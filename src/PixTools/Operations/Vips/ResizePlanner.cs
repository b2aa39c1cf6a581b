namespace PixTools.Operations.Vips;

/// <summary>
/// The pure size arithmetic of API.md's <c>resize</c>: one side given, the other follows the aspect ratio
/// (rounded, at least 1); both given, <see cref="ResizeFit"/> decides. Upscaling is allowed.
/// </summary>
public static class ResizePlanner
{
    /// <summary>
    /// Plans resizing an image displayed as <paramref name="sourceWidth"/> × <paramref name="sourceHeight"/>
    /// (after EXIF orientation) to <paramref name="spec"/>.
    /// </summary>
    public static ResizePlan Plan(int sourceWidth, int sourceHeight, ResizeSpec spec)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceHeight, 1);
        switch (spec)
        {
            case { Width: int w, Height: int h }:
                return PlanBox(sourceWidth, sourceHeight, w, h, spec.Fit);
            case { Width: int w }:
                var followedHeight = Scale(sourceHeight, (double)w / sourceWidth);
                return new ResizePlan(w, followedHeight, w, followedHeight);
            case { Height: int h }:
                var followedWidth = Scale(sourceWidth, (double)h / sourceHeight);
                return new ResizePlan(followedWidth, h, followedWidth, h);
            default:
                throw new ArgumentException("a resize needs a width, a height or both", nameof(spec));
        }
    }

    private static ResizePlan PlanBox(int sourceWidth, int sourceHeight, int boxWidth, int boxHeight, ResizeFit fit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(boxWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(boxHeight, 1);
        var widthScale = (double)boxWidth / sourceWidth;
        var heightScale = (double)boxHeight / sourceHeight;
        switch (fit)
        {
            case ResizeFit.Fill:
                return new ResizePlan(boxWidth, boxHeight, boxWidth, boxHeight);
            case ResizeFit.Inside:
            {
                var (w, h) = ScaleBoth(sourceWidth, sourceHeight, Math.Min(widthScale, heightScale), boxWidth, boxHeight, Math.Min);
                return new ResizePlan(w, h, w, h);
            }
            case ResizeFit.Contain:
            {
                var (w, h) = ScaleBoth(sourceWidth, sourceHeight, Math.Min(widthScale, heightScale), boxWidth, boxHeight, Math.Min);
                return new ResizePlan(w, h, boxWidth, boxHeight);
            }
            case ResizeFit.Cover:
            {
                var (w, h) = ScaleBoth(sourceWidth, sourceHeight, Math.Max(widthScale, heightScale), boxWidth, boxHeight, Math.Max);
                return new ResizePlan(w, h, boxWidth, boxHeight);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(fit), fit, "unknown resize fit");
        }
    }

    // The side that decides the scale lands exactly on the box; the other is rounded. Rounding can push it a
    // pixel past the box (inside/contain) or short of it (cover), so it is clamped to the box's side.
    private static (int Width, int Height) ScaleBoth(int sourceWidth, int sourceHeight, double scale,
        int boxWidth, int boxHeight, Func<int, int, int> clamp) =>
        (clamp(Scale(sourceWidth, scale), boxWidth), clamp(Scale(sourceHeight, scale), boxHeight));

    // Away from zero so a .5 goes up, as people round; long arithmetic is not needed: sides are at most 65535.
    private static int Scale(int side, double scale) =>
        Math.Max(1, (int)Math.Round(side * scale, MidpointRounding.AwayFromZero));
}
