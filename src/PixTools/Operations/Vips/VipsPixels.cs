using NetVips;

namespace PixTools.Operations.Vips;

/// <summary>The pixel steps between decoding and encoding, each a small libvips call.</summary>
internal static class VipsPixels
{
    /// <summary>
    /// Applies one step and lets go of its input's managed handle: each step makes a new libvips image that holds
    /// a reference to its input, so the pixels still flow when the encoder pulls them.
    /// </summary>
    public static T Then<T>(Image image, Func<Image, T> step)
    {
        using (image) return step(image);
    }

    /// <summary>
    /// Converts to sRGB through the embedded profile, or libvips' built-in CMYK profile for a CMYK file
    /// without one. Only called when <see cref="SourceInfo.NeedsSrgb"/>: the outputs carry no profile, so an
    /// Adobe RGB or CMYK image would otherwise show wrong colours.
    /// </summary>
    public static Image ToSrgb(Image image) => image.IccTransform("srgb", embedded: true, inputProfile: "cmyk");

    /// <summary>
    /// Brings 16-bit images (PNG, 10/12-bit AVIF) to 8 bits per band. Colourspace rescales 0..65535 to
    /// 0..255; a plain cast would clip instead.
    /// </summary>
    public static Image ToEightBit(Image image)
    {
        if (image.Format == Enums.BandFormat.Uchar) return image.Copy();
        return image.Interpretation switch
        {
            Enums.Interpretation.Grey16 => image.Colourspace(Enums.Interpretation.Bw),
            Enums.Interpretation.Rgb16 => image.Colourspace(Enums.Interpretation.Srgb),
            _ => image.Cast(Enums.BandFormat.Uchar),
        };
    }

    /// <summary>JPEG has no alpha: transparent areas go onto white, as browsers show them on a page.</summary>
    public static Image FlattenOntoWhite(Image image) =>
        image.HasAlpha() ? image.Flatten(background: Fill(image.Bands - 1, 255)) : image.Copy();

    /// <summary>Centre-crops a <c>cover</c> result to exactly the box.</summary>
    public static Image CropCentre(Image image, int width, int height) =>
        image.ExtractArea((image.Width - width) / 2, (image.Height - height) / 2, width, height);

    /// <summary>
    /// Crops a <c>cover</c> result to exactly the box, keeping the part <paramref name="gravity"/> names: the centre,
    /// the middle of an edge, or (smart) the region libvips' attention strategy finds most interesting (edges,
    /// skin tones and saturated colour).
    /// </summary>
    public static Image Crop(Image image, int width, int height, CropGravity gravity) => gravity switch
    {
        // Smart crop reads the picture twice (to score, then to cut), which a decode that streams top to bottom cannot
        // give; the scaled picture is held in memory for it.
        CropGravity.Smart => SmartCrop(image, width, height),
        CropGravity.North => image.ExtractArea((image.Width - width) / 2, 0, width, height),
        CropGravity.South => image.ExtractArea((image.Width - width) / 2, image.Height - height, width, height),
        CropGravity.West => image.ExtractArea(0, (image.Height - height) / 2, width, height),
        CropGravity.East => image.ExtractArea(image.Width - width, (image.Height - height) / 2, width, height),
        _ => CropCentre(image, width, height),
    };

    private static Image SmartCrop(Image image, int width, int height)
    {
        using var held = image.CopyMemory();
        return held.Smartcrop(width, height, interesting: Enums.Interesting.Attention);
    }

    /// <summary>
    /// Centre-pads a <c>contain</c> result to exactly the box: transparent where the format keeps alpha
    /// (adding an alpha band if needed), white otherwise.
    /// </summary>
    public static Image PadCentre(Image image, int width, int height, bool transparent)
    {
        using var padded = transparent && !image.HasAlpha() ? image.AddAlpha() : image.Copy();
        var background = Fill(padded.Bands, transparent ? 0 : 255);
        return padded.Gravity(Enums.CompassDirection.Centre, width, height, extend: Enums.Extend.Background, background: background);
    }

    private static double[] Fill(int bands, double value) => Enumerable.Repeat(value, bands).ToArray();
}
