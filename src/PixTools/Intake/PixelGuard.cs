using System.Globalization;
using Microsoft.Extensions.Options;
using NetVips;
using PixTools.Operations;
using PixTools.Operations.Vips;

namespace PixTools.Intake;

/// <summary>
/// Refuses decompression bombs: reads only the image header and compares width × height (in <c>long</c>)
/// with <see cref="LimitsOptions.MaxPixels"/>, and the longer side with <see cref="LimitsOptions.MaxSide"/>, before a
/// single pixel is decoded.
/// </summary>
/// <remarks>
/// libvips' <c>new_from_buffer</c> parses the header and defers decoding until pixels are asked for, so a
/// 60000×60000 PNG with a tiny IDAT is measured in milliseconds without allocating its 10 GB of pixels
/// (PixelGuardTests proves both). The loaders are the ones VipsSetup leaves unblocked.
/// </remarks>
public sealed class PixelGuard(IOptions<LimitsOptions> limits)
{
    private readonly long _maxPixels = limits.Value.MaxPixels;
    private readonly int _maxSide = limits.Value.MaxSide;
    private readonly int _maxFrames = limits.Value.MaxFrames;

    /// <summary>
    /// Reads the header of <paramref name="file"/> (sniffed as <paramref name="format"/>): the stored size when
    /// the image is within the limit; a 422 problem when it is over, or a 400 when the header cannot be read.
    /// </summary>
    public Outcome<ImageHeader> Check(byte[] file, ImageFormat format) =>
        Check(ReadHeader(() => HeicHeader.Read(file), () => Image.NewFromBuffer(file, access: Enums.Access.Sequential), format));

    /// <summary>
    /// As <see cref="Check(byte[], ImageFormat)"/>, for an upload spooled to disk: libvips reads the header from the file.
    /// <paramref name="everyFrame"/>: some output decodes every frame of an animation (a WebP output keeps them all), so
    /// the frames together must fit the limit; otherwise only the first frame is ever decoded.
    /// </summary>
    public Outcome<ImageHeader> Check(SpooledFile file, ImageFormat format, bool everyFrame = true)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Check(ReadHeader(() =>
        {
            using var mapped = file.Map();
            return HeicHeader.Read(mapped.Span);
        }, () => VipsFileLoaders.OpenSequential(file.Path, format), format), everyFrame);
    }

    private Outcome<ImageHeader> Check(Outcome<ImageHeader> read, bool everyFrame = true)
    {
        if (!read.Succeeded) return read;
        var header = read.Value;
        if (header.Pixels > _maxPixels)
        {
            return Problem.Unprocessable(string.Create(CultureInfo.InvariantCulture,
                $"This image is {header.Width:N0} × {header.Height:N0} pixels; the limit is {Readable.Pixels(_maxPixels)}."));
        }
        if (Math.Max(header.Width, header.Height) > _maxSide)
        {
            return Problem.Unprocessable(string.Create(CultureInfo.InvariantCulture,
                $"This image is {header.Width:N0} × {header.Height:N0} pixels; a side may be at most {_maxSide:N0} pixels."));
        }
        // An animation's frames are all decoded for a WebP output: together they must fit the same limit.
        if (everyFrame && header.Frames > 1 && header.Pixels * header.Frames > _maxPixels)
        {
            return Problem.Unprocessable(string.Create(CultureInfo.InvariantCulture,
                $"This animation has {header.Frames:N0} frames of {header.Width:N0} × {header.Height:N0} pixels, {Readable.Pixels(header.Pixels * header.Frames)} in all, and a WebP output keeps every frame; the limit is {Readable.Pixels(_maxPixels)}. Ask for another format to get its first frame alone."));
        }
        if (everyFrame && header.Frames > _maxFrames)
        {
            return Problem.Unprocessable(string.Create(CultureInfo.InvariantCulture,
                $"This animation has {header.Frames:N0} frames, and a WebP output keeps every frame; the limit is {_maxFrames:N0} frames. Ask for another format to get its first frame alone."));
        }
        return header;
    }

    private static Outcome<ImageHeader> ReadHeader(Func<ImageHeader?> readHeic, Func<Image> open, ImageFormat format)
    {
        try
        {
            // Sequential access: the loader is told up front that pixels, if ever read, are read top to bottom,
            // so nothing is buffered for random access while we only look at the header.
            if (format == ImageFormats.Heic)
            {
                return readHeic() is { } heic ? heic : Problem.BadRequest("file is not a valid heic image: it has no image size");
            }
            using var image = open();
            var animated = format != ImageFormats.Tiff && image.Contains("n-pages") && image.Contains("delay");
            // Orientations 5..8 turn the picture a quarter (EXIF 2.32, tag 0x0112): a resize works on the turned size.
            var quarterTurn = image.Contains("orientation") && (int)image.Get("orientation") is >= 5 and <= 8;
            return new ImageHeader(image.Width, image.Height, animated ? Math.Max(1, (int)image.Get("n-pages")) : 1, quarterTurn);
        }
        catch (VipsException e)
        {
            return Problem.BadRequest($"file is not a valid {format.Extension} image: {VipsErrors.Reason(e, format)}");
        }
    }
}
