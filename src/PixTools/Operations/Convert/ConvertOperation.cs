using Microsoft.Extensions.Options;
using NetVips;
using PixTools.Operations.Vips;

namespace PixTools.Operations.Convert;

/// <summary>
/// Converts a source image to one target format (the <c>jpg</c>, <c>png</c>, <c>webp</c> and <c>avif</c>
/// operations): decode strictly, orient, resize, sRGB, 8-bit, alpha, encode without metadata.
/// </summary>
public sealed class ConvertOperation(ImageFormat target, IOptions<ImagingOptions> options) : IImageOperation
{
    private readonly ImagingOptions _options = options.Value;

    /// <inheritdoc />
    public string Name => target.Operation;

    /// <summary>The format this operation writes.</summary>
    public ImageFormat Target => target;

    /// <inheritdoc />
    /// <remarks>
    /// libvips work is synchronous and CPU-bound (up to seconds for AVIF), so it runs on a thread-pool thread
    /// through <see cref="Task.Run(Action, CancellationToken)"/>: the worker's consume loop is never blocked
    /// by it. Cancellation is honoured before the conversion starts and while writing; libvips cannot be
    /// stopped halfway. The result is encoded to memory and then written, so a failed conversion leaves
    /// nothing half-written in <paramref name="destination"/>.
    /// </remarks>
    public async Task<OperationOutput> RunAsync(OperationInput input, Stream destination, CancellationToken cancellationToken)
    {
        var converted = await Task.Run(() => Convert(input), cancellationToken);
        await destination.WriteAsync(converted.Bytes, cancellationToken);
        return new OperationOutput(new ResultFile(target.Extension, target.ContentType, converted.Width, converted.Height));
    }

    private Converted Convert(OperationInput input)
    {
        try
        {
            // 1-5. Header and size plan; decode, orient and scale in one libvips thumbnail pipeline; sRGB when the
            // source needs it; 8 bits per band.
            // An animated GIF or WebP keeps its frames only when written as WebP; other targets take the first frame.
            var (image, plan) = VipsDecoder.DecodeSrgb8(input, allFrames: target == ImageFormats.Webp);
            // 6. Alpha: JPEG flattens onto white; PNG, WebP and AVIF keep it.
            if (!KeepsAlpha) image = Then(image, VipsPixels.FlattenOntoWhite);
            // 7. Fit to the box: cover crops the centre, contain pads around it.
            if (plan.NeedsCrop) image = Then(image, i => VipsFrames.PerFrame(i, f => VipsPixels.CropCentre(f, plan.Width, plan.Height)));
            if (plan.NeedsPad) image = Then(image, i => VipsFrames.PerFrame(i, f => VipsPixels.PadCentre(f, plan.Width, plan.Height, KeepsAlpha)));
            // 8. Encode, no metadata. The loaders run lazily inside this call, so a truncated file fails here.
            using (image)
            {
                var quality = input.Params.Quality ?? _options.DefaultQuality(target);
                return new Converted(VipsEncoder.Encode(image, target, quality, _options), image.Width, VipsFrames.FrameHeight(image));
            }
        }
        catch (VipsException e)
        {
            // Past intake (sniffed format, pixel guard) and with only the four loaders unblocked, what libvips
            // refuses here is the file: a cut or corrupt stream, an unreadable profile. Retrying cannot help.
            throw new ImageInputException($"file is not a valid {input.SourceFormat.Extension} image: {VipsErrors.Reason(e, input.SourceFormat, target)}", e);
        }
    }

    private bool KeepsAlpha => target.Operation != OperationNames.Jpg;

    private static Image Then(Image image, Func<Image, Image> step) => VipsPixels.Then(image, step);

    private sealed record Converted(byte[] Bytes, int Width, int Height);
}
