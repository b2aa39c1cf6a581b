using NetVips;
using PixTools.Operations.Vips;

namespace PixTools.Operations.Convert;

/// <summary>
/// The libvips savers with PixTools' tuning, one method per format (bench <c>encoders</c> and bench/README.md give the
/// measurements behind every choice).
/// </summary>
internal static class TunedEncoders
{
    /// <summary>
    /// Progressive JPEG with optimised Huffman tables; with <see cref="ImagingOptions.JpgTrellis"/> also mozjpeg's
    /// trellis quantisation and ImageMagick's quantisation table (libvips' quant_table 3), which NetVips.Native's
    /// libjpeg (mozjpeg) provides. mozjpeg's scan optimisation (optimize_scans) is left off: it cost more time than
    /// trellis for under 1 % of bytes. <paramref name="fullChroma"/> keeps colour at full resolution (4:4:4) below q90 too.
    /// </summary>
    public static byte[] Jpeg(Image image, int quality, ImagingOptions options, Enums.ForeignKeep keep, bool fullChroma = false)
    {
        // Auto: libvips' rule, chroma subsampled (4:2:0) below q90; Off: full-resolution chroma (4:4:4) at any quality.
        var subsample = fullChroma ? Enums.ForeignSubsample.Off : Enums.ForeignSubsample.Auto;
        return options.JpgTrellis
            ? image.JpegsaveBuffer(q: quality, optimizeCoding: true, interlace: true, trellisQuant: true, overshootDeringing: true,
                quantTable: 3, subsampleMode: subsample, keep: keep)
            : image.JpegsaveBuffer(q: quality, optimizeCoding: true, interlace: true, subsampleMode: subsample, keep: keep);
    }

    /// <summary>
    /// PNG at zlib level <paramref name="effort"/> (else <see cref="ImagingOptions.PngCompression"/>), with adaptive row
    /// filters when <see cref="ImagingOptions.PngAdaptiveFilter"/> is on (each row gets the filter among
    /// <see cref="ImagingOptions.PngFilters"/>, default Sub and Up, that predicts it best), else none. Write a grey
    /// picture stored as colour, or one of few colours, through <see cref="CompactPng"/> instead.
    /// </summary>
    public static byte[] Png(Image image, int? effort, ImagingOptions options, Enums.ForeignKeep keep) =>
        image.PngsaveBuffer(compression: Math.Clamp(effort ?? options.PngCompression, 0, 9), filter: PngFilterSet.For(options), keep: keep);

    /// <summary>
    /// <see cref="Png"/> of pixels held in memory, written in the smallest form that keeps every pixel, as ImageMagick
    /// does: a grey (or grey + alpha) PNG when red, green and blue are equal in every pixel (<see cref="GreyBands.TryGrey"/>);
    /// else a palette PNG when the picture has at most 256 colours (<see cref="PaletteColours.Count"/>); otherwise the
    /// same as <see cref="Png"/>.
    /// </summary>
    public static byte[] CompactPng(Image held, int? effort, ImagingOptions options, Enums.ForeignKeep keep)
    {
        using var grey = GreyBands.TryGrey(held, keep);
        if (grey is not null) return Png(grey, effort, options, keep);
        return PaletteColours.Count(held) is { } colours ? PalettePng(held, colours, effort, options, keep) : Png(held, effort, options, keep);
    }

    /// <summary>
    /// A palette PNG of a picture with at most 256 colours: libvips' quantiser at full quality and without dithering keeps
    /// each colour exactly when there are no more colours than palette entries (fully transparent pixels become one
    /// entry), at the smallest bit depth that holds them. Rows are not filtered: a palette index predicts nothing about
    /// its neighbour (PNG specification, 12.8), and unfiltered rows measured smaller.
    /// </summary>
    public static byte[] PalettePng(Image held, int colours, int? effort, ImagingOptions options, Enums.ForeignKeep keep) =>
        held.PngsaveBuffer(compression: Math.Clamp(effort ?? options.PngCompression, 0, 9), filter: Enums.ForeignPngFilter.None,
            palette: true, q: 100, dither: 0, bitdepth: PaletteColours.BitDepthFor(colours), keep: keep);

    /// <summary>Lossy WebP at a quality, or lossless WebP; effort is libwebp's method 0..6 (default 4).</summary>
    public static byte[] Webp(Image image, EncodeSettings settings, ImagingOptions options, Enums.ForeignKeep keep)
    {
        var effort = Math.Clamp(settings.Effort ?? 4, 0, 6);
        return settings.Lossless
            ? image.WebpsaveBuffer(lossless: true, effort: effort, keep: keep)
            : image.WebpsaveBuffer(q: settings.Quality ?? options.WebpQuality, effort: effort, keep: keep);
    }

    /// <summary>AVIF (AV1 in HEIF) at a quality, or lossless; effort 0..9, default <see cref="ImagingOptions.AvifEffort"/>.</summary>
    public static byte[] Avif(Image image, EncodeSettings settings, ImagingOptions options, Enums.ForeignKeep keep)
    {
        var effort = Math.Clamp(settings.Effort ?? options.AvifEffort, 0, 9);
        return settings.Lossless
            ? image.HeifsaveBuffer(lossless: true, compression: Enums.ForeignHeifCompression.Av1, effort: effort, keep: keep)
            : image.HeifsaveBuffer(q: settings.Quality ?? options.AvifQuality, compression: Enums.ForeignHeifCompression.Av1,
                effort: effort, tune: options.AvifTune, keep: keep);
    }
}
