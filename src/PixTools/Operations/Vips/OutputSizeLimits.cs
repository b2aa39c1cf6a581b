using System.Globalization;

namespace PixTools.Operations.Vips;

/// <summary>
/// What a planned output size must fit before anything is decoded: the pixel ceiling of any picture a resize scales to
/// (<see cref="ImagingOptions.MaxOutputPixels"/>; a cover resize scales first and crops after, so the scaled size counts),
/// and the largest side each format can hold. A small file can ask for a huge picture: a 20,000 × 60 strip given a
/// height of 8,000 would be scaled to 2,666,667 × 8,000 pixels, 21 gigapixels.
/// </summary>
public static class OutputSizeLimits
{
    /// <summary>
    /// The largest width or height <paramref name="format"/> holds as this server writes it: WebP 16,383 (its header
    /// stores 14 bits), AVIF 16,384 (the AV1 encoder's limit in NetVips.Native, measured), JPEG 65,500 (libjpeg's);
    /// PNG has none below the pixel ceiling.
    /// </summary>
    public static int MaxSide(ImageFormat format) => format.Operation switch
    {
        OperationNames.Webp => 16_383,
        OperationNames.Avif => 16_384,
        OperationNames.Jpg => 65_500,
        _ => int.MaxValue,
    };

    /// <summary>
    /// Why <paramref name="plan"/> (for a picture shown as <paramref name="width"/> × <paramref name="height"/>) cannot be
    /// written as <paramref name="target"/> (null: the pixel ceiling alone, for a denoise), as a sentence; null when it can.
    /// <paramref name="frames"/>: the frames of an animation that are all kept (a WebP output), each of the plan's size.
    /// </summary>
    public static string? Refusal(int width, int height, ResizePlan plan, ImageFormat? target, long maxPixels, int frames = 1)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var scaled = (long)plan.ScaledWidth * plan.ScaledHeight;
        var written = (long)plan.Width * plan.Height;
        var (w, h) = scaled >= written ? (plan.ScaledWidth, plan.ScaledHeight) : (plan.Width, plan.Height);
        if (Math.Max(scaled, written) * frames > maxPixels)
        {
            var made = frames > 1
                ? string.Create(CultureInfo.InvariantCulture, $"this animation's {frames:N0} frames of {width:N0} × {height:N0} pixels {w:N0} × {h:N0} pixels each")
                : string.Create(CultureInfo.InvariantCulture, $"this {width:N0} × {height:N0} picture {w:N0} × {h:N0} pixels");
            return string.Create(CultureInfo.InvariantCulture,
                $"The resize asked for would make {made}, and the limit is {Megapixels(maxPixels)}{(frames > 1 ? " in all" : "")}. Ask for a smaller size, or give both a width and a height with fit inside.");
        }
        if (target is null) return null;
        var maxSide = MaxSide(target);
        if (plan.Width <= maxSide && plan.Height <= maxSide) return null;
        var others = target.Operation == OperationNames.Jpg ? "PNG" : "JPEG or PNG";
        return string.Create(CultureInfo.InvariantCulture,
            $"{Named(target)} picture can be at most {maxSide:N0} pixels wide or high, and this one would be {plan.Width:N0} × {plan.Height:N0}. Give it a resize, or ask for {others}.");
    }

    private static string Named(ImageFormat format) => format.Operation switch
    {
        OperationNames.Webp => "A WebP",
        OperationNames.Avif => "An AVIF",
        OperationNames.Jpg => "A JPEG",
        _ => "A " + format.Extension.ToUpperInvariant(),
    };

    /// <summary>A pixel count as a person reads it: whole megapixels when exact ("100 megapixels"), else pixels with separators.</summary>
    public static string Megapixels(long pixels) => pixels >= 1_000_000 && pixels % 1_000_000 == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{pixels / 1_000_000} megapixels")
        : string.Create(CultureInfo.InvariantCulture, $"{pixels:N0} pixels");
}
