namespace PixTools.Operations.Vips;

/// <summary>
/// The pure size arithmetic of API.md's <c>resize</c>: one side given, the other follows the aspect ratio
/// (rounded, at least 1); both given, <see cref="ResizeFit"/> decides. Upscaling is allowed unless the spec says
/// <c>enlarge: false</c>: then no scale goes above 1 (a side given alone, or a fill side, stops at the picture's own;
/// inside and contain keep the picture at its size, contain still padding it to the box; cover crops the unscaled
/// picture to at most the box), so one recipe serves large and small pictures without blowing the small ones up.
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
                return PlanBox(sourceWidth, sourceHeight, w, h, spec.Fit, spec.Enlarge);
            case { Width: int w }:
                if (!spec.Enlarge && w > sourceWidth) return Unscaled(sourceWidth, sourceHeight);
                var followedHeight = Scale(sourceHeight, (double)w / sourceWidth);
                return new ResizePlan(w, followedHeight, w, followedHeight);
            case { Height: int h }:
                if (!spec.Enlarge && h > sourceHeight) return Unscaled(sourceWidth, sourceHeight);
                var followedWidth = Scale(sourceWidth, (double)h / sourceHeight);
                return new ResizePlan(followedWidth, h, followedWidth, h);
            default:
                throw new ArgumentException("a resize needs a width, a height or both", nameof(spec));
        }
    }

    private static ResizePlan Unscaled(int width, int height) => new(width, height, width, height);

    private static ResizePlan PlanBox(int sourceWidth, int sourceHeight, int boxWidth, int boxHeight, ResizeFit fit, bool enlarge)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(boxWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(boxHeight, 1);
        var widthScale = (double)boxWidth / sourceWidth;
        var heightScale = (double)boxHeight / sourceHeight;
        if (!enlarge) return PlanBoxWithoutEnlarging(sourceWidth, sourceHeight, boxWidth, boxHeight, fit, widthScale, heightScale);
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

    /// <summary>
    /// Both sides without scaling up. Where the box is within the picture nothing changes. Otherwise inside keeps the
    /// picture's own size and contain pads it, unscaled, to the box; fill and cover shrink the box, keeping its shape,
    /// until it fits in the picture (a 600×400 picture asked for 800×800 gives 400×400), fill then stretching the picture
    /// into it and cover cropping it as usual.
    /// </summary>
    private static ResizePlan PlanBoxWithoutEnlarging(int sourceWidth, int sourceHeight, int boxWidth, int boxHeight, ResizeFit fit,
        double widthScale, double heightScale)
    {
        var needed = fit is ResizeFit.Cover or ResizeFit.Fill ? Math.Max(widthScale, heightScale) : Math.Min(widthScale, heightScale);
        if (needed <= 1) return PlanBox(sourceWidth, sourceHeight, boxWidth, boxHeight, fit, enlarge: true);
        switch (fit)
        {
            case ResizeFit.Inside:
                return Unscaled(sourceWidth, sourceHeight);
            case ResizeFit.Contain:
                return new ResizePlan(Math.Min(sourceWidth, boxWidth), Math.Min(sourceHeight, boxHeight), boxWidth, boxHeight);
            case ResizeFit.Fill or ResizeFit.Cover:
            {
                var shrink = Math.Min(1.0, Math.Min((double)sourceWidth / boxWidth, (double)sourceHeight / boxHeight));
                var (w, h) = (Math.Min(sourceWidth, Scale(boxWidth, shrink)), Math.Min(sourceHeight, Scale(boxHeight, shrink)));
                return PlanBox(sourceWidth, sourceHeight, w, h, fit, enlarge: true);
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
