using NetVips;
using PixTools.Operations.Vips;

namespace PixTools.Operations.Denoise;

/// <summary>
/// An 8-bit image taken apart for the model: its colour as interleaved RGB bytes (grey replicated to three
/// bands), and its alpha band, if any, kept aside in libvips to be joined back unchanged.
/// </summary>
internal sealed class DenoisePixels : IDisposable
{
    private readonly Image? _alpha;
    private readonly bool _grey;

    private DenoisePixels(byte[] rgb, int width, int height, Image? alpha, bool grey)
    {
        Rgb = rgb;
        Width = width;
        Height = height;
        _alpha = alpha;
        _grey = grey;
    }

    /// <summary>R, G, B bytes, row by row, <see cref="Width"/> × <see cref="Height"/>; the model writes back into it.</summary>
    public byte[] Rgb { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>True when the source had one colour band (it is joined back grey).</summary>
    public bool Grey => _grey;

    /// <summary>Decodes <paramref name="image"/> (8-bit, 1 to 4 bands) into its parts.</summary>
    public static DenoisePixels Split(Image image)
    {
        if ((long)image.Width * image.Height * 3 > Array.MaxLength)
        {
            throw new ImageInputException($"image of {image.Width}x{image.Height} is too large to denoise");
        }
        var hasAlpha = image.HasAlpha();
        // With alpha the decoded image is read twice (colour, then alpha): keep one decoded copy in memory, since
        // a sequential loader cannot be run a second time.
        using var decoded = hasAlpha ? image.CopyMemory() : image.Copy();
        using var colour = hasAlpha ? decoded.ExtractBand(0, n: decoded.Bands - 1) : decoded.Copy();
        var grey = colour.Bands == 1;
        using var rgb = grey ? colour.Bandjoin(colour, colour) : colour.Copy();
        if (rgb.Bands != 3) throw new ImageInputException($"image has {rgb.Bands} colour bands; denoise takes grey or RGB");
        var alpha = hasAlpha ? decoded.ExtractBand(decoded.Bands - 1) : null;
        return new DenoisePixels(rgb.WriteToMemory<byte>(), rgb.Width, rgb.Height, alpha, grey);
    }

    /// <summary>The (denoised) bytes as an sRGB image again, grey when the source was, with the alpha band back.</summary>
    public Image Join()
    {
        using var colour = Image.NewFromMemory(Rgb, Width, Height, 3, Enums.BandFormat.Uchar);
        using var tagged = colour.Copy(interpretation: Enums.Interpretation.Srgb);
        using var bands = _grey ? tagged.Colourspace(Enums.Interpretation.Bw) : tagged.Copy();
        return _alpha is null ? bands.Copy() : bands.Bandjoin(_alpha);
    }

    public void Dispose() => _alpha?.Dispose();
}
