using NetVips;

namespace PixTools.Operations.Vips;

/// <summary>
/// Animations as libvips holds them: the frames stacked into one tall image, each <c>page-height</c> rows, with the
/// frame delays (<c>delay</c>, ms) and the loop count (<c>loop</c>). Pointwise steps run on the whole strip; steps that
/// change a frame's size (crop, pad) run frame by frame.
/// </summary>
internal static class VipsFrames
{
    /// <summary>The height of one frame: <c>page-height</c> when the image is a strip of frames, else its height.</summary>
    public static int FrameHeight(Image image) =>
        image.Contains("page-height") && (int)image.Get("page-height") is var page && page > 0 && page < image.Height && image.Height % page == 0
            ? page
            : image.Height;

    /// <summary>Applies <paramref name="step"/> to each frame and stacks the results again, keeping delays and loop count.</summary>
    public static Image PerFrame(Image image, Func<Image, Image> step)
    {
        var frameHeight = FrameHeight(image);
        if (frameHeight == image.Height) return step(image);
        var frames = new List<Image>();
        try
        {
            for (var top = 0; top < image.Height; top += frameHeight)
            {
                using var frame = image.ExtractArea(0, top, image.Width, frameHeight);
                frames.Add(step(frame));
            }
            using var joined = Image.Arrayjoin([.. frames], across: 1);
            return joined.Mutate(m =>
            {
                m.Set(GValue.GIntType, "page-height", frames[0].Height);
                if (image.Contains("delay")) m.Set(GValue.ArrayIntType, "delay", image.Get("delay"));
                if (image.Contains("loop")) m.Set(GValue.GIntType, "loop", image.Get("loop"));
            });
        }
        finally
        {
            foreach (var frame in frames) frame.Dispose();
        }
    }
}
