using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;
using NetVips;
using PixTools.Operations;
using PixTools.Operations.Vips;

namespace PixTools.Intake;

/// <summary>
/// Refuses decompression bombs: reads only the image header and compares width × height (in <c>long</c>)
/// with <see cref="LimitsOptions.MaxPixels"/> before a single pixel is decoded.
/// </summary>
/// <remarks>
/// libvips' <c>new_from_buffer</c> parses the header and defers decoding until pixels are asked for, so a
/// 60000×60000 PNG with a tiny IDAT is measured in milliseconds without allocating its 10 GB of pixels
/// (PixelGuardTests proves both). The loaders are the ones VipsSetup leaves unblocked.
/// </remarks>
public sealed class PixelGuard(IOptions<LimitsOptions> limits)
{
    private readonly long _maxPixels = limits.Value.MaxPixels;

    /// <summary>
    /// Reads the header of <paramref name="file"/> (sniffed as <paramref name="format"/>). True with the stored
    /// size when the image is within the limit; false with a 422 problem when it is over, or a 400 when the
    /// header cannot be read.
    /// </summary>
    public bool TryCheck(byte[] file, ImageFormat format,
        [NotNullWhen(true)] out ImageHeader? header, [NotNullWhen(false)] out IntakeProblem? problem)
    {
        header = null;
        if (!TryReadHeader(file, format, out var read, out problem)) return false;
        if (read.Pixels > _maxPixels)
        {
            problem = IntakeProblem.Unprocessable(
                $"file is {read.Width}x{read.Height} = {read.Pixels} pixels, over the limit of {_maxPixels} pixels ({LimitsOptions.Section}:{nameof(LimitsOptions.MaxPixels)})");
            return false;
        }
        header = read;
        return true;
    }

    private static bool TryReadHeader(byte[] file, ImageFormat format,
        [NotNullWhen(true)] out ImageHeader? header, [NotNullWhen(false)] out IntakeProblem? problem)
    {
        try
        {
            // Sequential access: the loader is told up front that pixels, if ever read, are read top to bottom,
            // so nothing is buffered for random access while we only look at the header.
            using var image = Image.NewFromBuffer(file, access: Enums.Access.Sequential);
            header = new ImageHeader(image.Width, image.Height);
            problem = null;
            return true;
        }
        catch (VipsException e)
        {
            header = null;
            problem = IntakeProblem.BadRequest($"file is not a valid {format.Extension} image: {VipsErrors.Reason(e, format)}");
            return false;
        }
    }
}
