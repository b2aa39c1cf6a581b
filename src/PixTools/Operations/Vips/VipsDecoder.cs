using NetVips;

namespace PixTools.Operations.Vips;

/// <summary>What the header says about a source before its pixels are decoded.</summary>
/// <param name="Width">Width as displayed, after EXIF orientation.</param>
/// <param name="Height">Height as displayed, after EXIF orientation.</param>
/// <param name="NeedsSrgb">True for CMYK or a non-sRGB ICC profile: the pixels must be converted before the profile is dropped.</param>
/// <param name="Pages">Frames of an animation (GIF, WebP), 1 for a still image; a multi-page TIFF counts as still.</param>
internal sealed record SourceInfo(int Width, int Height, bool NeedsSrgb, int Pages = 1);

/// <summary>Reads sources through libvips, failing on truncation and damaged image data rather than padding a cut file with grey.</summary>
internal static class VipsDecoder
{
    // libvips' default (FailOn.None) decodes a truncated file as grey rows and calls it a success
    // (docs/engine-notes.md). Truncated fails that, but still decoded a TIFF whose LZW or Deflate strips were damaged
    // (libtiff's "Using code not yet in table", "Not enough data at scanline") into a picture with garbage rows. Error
    // fails both, while still tolerating the harmless warnings real photos carry (measured on 4,100 photos, icons and
    // TIFFs of every compression: none that Truncated read was refused by Error).
    private const Enums.FailOn FailOn = Enums.FailOn.Error;

    /// <summary>Parses the header only: displayed size and the colour facts.</summary>
    public static SourceInfo ReadHeader(byte[] source)
    {
        using var image = Image.NewFromBuffer(source, access: Enums.Access.Sequential, failOn: FailOn);
        // Orientations 5..8 turn the image a quarter, so width and height trade places (EXIF 2.32, tag 0x0112).
        var quarterTurn = image.Contains("orientation") && (int)image.Get("orientation") is >= 5 and <= 8;
        var (width, height) = quarterTurn ? (image.Height, image.Width) : (image.Width, image.Height);
        var animated = image.Contains("n-pages") && image.Contains("delay");
        var pages = animated ? Math.Max(1, (int)image.Get("n-pages")) : 1;
        return new SourceInfo(width, height, NeedsSrgb(image), pages);
    }

    // thumbnail_buffer ignores its own fail_on argument (measured with NetVips 3.2 / libvips 8.18.7: a JPEG or
    // PNG cut in half came out as a picture); the same setting given as a loader option is honoured.
    private const string StrictLoaderOptions = "fail_on=error";

    /// <summary>
    /// Decodes, applies EXIF orientation to the pixels and scales to exactly the plan's scaled size. libvips'
    /// thumbnail path shrinks on load where it can (JPEG at 2×, WebP, AVIF) and was measured as fast as a plain
    /// load at the unchanged size, so every conversion goes through it.
    /// </summary>
    public static Image DecodeScaled(byte[] source, ResizePlan plan, bool allFrames = false) =>
        Image.ThumbnailBuffer(source, plan.ScaledWidth, height: plan.ScaledHeight, size: Enums.Size.Force,
            optionString: allFrames ? StrictLoaderOptions + ",n=-1" : StrictLoaderOptions);

    /// <summary>
    /// The start a denoise takes: the header, the size plan (<see cref="ResizePlanner"/>, refused when it is over
    /// <paramref name="maxPixels"/>: <see cref="OutputSizeLimits"/>), one decode that orients and scales
    /// (<see cref="DecodeScaled"/>), sRGB only when the source is CMYK or carries another profile, and 8 bits per band.
    /// Cropping and padding to the plan are left to the caller. With <paramref name="keepProfile"/> an RGB or grey
    /// source's embedded ICC profile is kept with its pixels unconverted and returned (null where there is none to keep:
    /// no profile, or CMYK, which always becomes sRGB).
    /// </summary>
    /// <remarks>
    /// <paramref name="allFrames"/> keeps every frame of an animated GIF or WebP, as a strip of frames one
    /// <c>page-height</c> tall with its <c>delay</c> and <c>loop</c>; otherwise, and for a multi-page TIFF, only the
    /// first frame or page is decoded. HEIC is decoded to PNG by <see cref="HeifConverter"/> first.
    /// </remarks>
    public static (Image Image, ResizePlan Plan, byte[]? Profile) Decode8(OperationInput input, bool allFrames, bool keepProfile, long maxPixels)
    {
        var bytes = input.SourceFormat == ImageFormats.Heic ? HeifConverter.ToPng(input.Source) : input.Source;
        var source = ReadHeader(bytes);
        var plan = PlanFor(source, input.Params.Resize);
        if (OutputSizeLimits.Refusal(source.Width, source.Height, plan, null, maxPixels) is { } tooLarge) throw new ImageInputException(tooLarge);
        var image = DecodeScaled(bytes, plan, allFrames && source.Pages > 1);
        var profile = keepProfile ? KeptProfile(image) : null;
        if (source.NeedsSrgb && profile is null) image = VipsPixels.Then(image, VipsPixels.ToSrgb);
        return (VipsPixels.Then(image, VipsPixels.ToEightBit), plan, profile);
    }

    /// <summary>The embedded profile an output may keep with unconverted pixels: any but a CMYK image's.</summary>
    public static byte[]? KeptProfile(Image image) =>
        image.Interpretation != Enums.Interpretation.Cmyk && image.Contains("icc-profile-data") ? (byte[])image.Get("icc-profile-data") : null;

    /// <summary>The size plan of <paramref name="spec"/> for this source; no spec keeps the displayed size.</summary>
    public static ResizePlan PlanFor(SourceInfo source, ResizeSpec? spec) => spec is not null
        ? ResizePlanner.Plan(source.Width, source.Height, spec)
        : new ResizePlan(source.Width, source.Height, source.Width, source.Height);

    private static bool NeedsSrgb(Image image)
    {
        if (image.Interpretation == Enums.Interpretation.Cmyk) return true;
        if (!image.Contains("icc-profile-data")) return false;
        return !IccProfiles.IsSrgbCompatible((byte[])image.Get("icc-profile-data"));
    }
}
