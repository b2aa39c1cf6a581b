using Microsoft.Extensions.Options;
using NetVips;
using PixTools.Operations.Metadata;
using PixTools.Operations.Vips;

namespace PixTools.Operations.Convert;

/// <summary>
/// Writes one output in one target format (the <c>jpg</c>, <c>png</c>, <c>webp</c> and <c>avif</c> outputs):
/// decode strictly, orient, resize, sRGB (unless the ICC profile is kept), 8-bit, alpha, crop by gravity, keep only
/// the metadata asked for, encode at the fixed, default or automatic quality.
/// </summary>
public sealed class ConvertOperation(ImageFormat target, IOptions<ImagingOptions> options, IAutoQuality? autoQuality = null) : IImageOperation
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
    /// nothing half-written in <paramref name="destination"/>. The quality actually used goes back as
    /// <see cref="OperationOutput.Applied"/>.
    /// </remarks>
    public async Task<OperationOutput> RunAsync(OperationInput input, Stream destination, CancellationToken cancellationToken)
    {
        var converted = await Task.Run(() => Convert(input), cancellationToken);
        await destination.WriteAsync(converted.Bytes, cancellationToken);
        return new OperationOutput(new ResultFile(target.Extension, target.ContentType, converted.Width, converted.Height),
            Applied: input.Params with { Quality = converted.Quality });
    }

    private Converted Convert(OperationInput input)
    {
        var recipe = input.Params;
        var keep = recipe.Keep ?? MetadataKeep.None;
        try
        {
            // 1-3. Header and size plan; decode, orient and scale in one libvips thumbnail pipeline.
            var source = VipsDecoder.ReadHeader(input.Source);
            var plan = VipsDecoder.PlanFor(source, recipe.Resize);
            var image = VipsDecoder.DecodeScaled(input.Source, plan);
            // 4. Colour: a kept profile stays with its pixels; otherwise sRGB when the source needs it. CMYK always
            // becomes sRGB (no output format here holds CMYK), so its profile is not kept.
            var icc = keep.HasFlag(MetadataKeep.Icc) ? KeptProfile(image) : null;
            if (source.NeedsSrgb && icc is null) image = Then(image, VipsPixels.ToSrgb);
            // 5. 8 bits per band. 6. Alpha: JPEG flattens onto white; PNG, WebP and AVIF keep it.
            image = Then(image, VipsPixels.ToEightBit);
            if (!KeepsAlpha) image = Then(image, VipsPixels.FlattenOntoWhite);
            // 7. Fit to the box: cover crops where the gravity says, contain pads around the centre.
            var gravity = recipe.Resize?.Gravity ?? CropGravity.Center;
            if (plan.NeedsCrop) image = Then(image, i => VipsPixels.Crop(i, plan.Width, plan.Height, gravity));
            if (plan.NeedsPad) image = Then(image, i => VipsPixels.PadCentre(i, plan.Width, plan.Height, KeepsAlpha));
            // 8. Only the metadata kept, then encode. The loaders run lazily inside the encode, so a truncated file fails here.
            var (prepared, keepFlags) = KeptMetadata.Apply(image, keep, icc, input.MetadataSource ?? input.Source);
            image.Dispose();
            using (prepared)
            {
                var lossless = recipe.Lossless == true;
                var quality = lossless ? null : QualityFor(prepared, recipe, keepFlags);
                var settings = new EncodeSettings(quality, lossless, recipe.Effort, keepFlags);
                return new Converted(VipsEncoder.EncodeWith(prepared, target, settings, _options), prepared.Width, prepared.Height, quality);
            }
        }
        catch (VipsException e)
        {
            // Past intake (sniffed format, pixel guard) and with only the four loaders unblocked, what libvips
            // refuses here is the file: a cut or corrupt stream, an unreadable profile. Retrying cannot help.
            throw new ImageInputException($"file is not a valid {input.SourceFormat.Extension} image: {VipsErrors.Reason(e, input.SourceFormat, target)}", e);
        }
    }

    /// <summary>The fixed quality, the automatic one (searched on the finished pixels) or the format's default; null for PNG.</summary>
    private int? QualityFor(Image prepared, OperationParams recipe, Enums.ForeignKeep keep)
    {
        if (target.Operation == OperationNames.Png) return null;
        if (recipe.AutoQuality is { } level)
        {
            if (autoQuality is null) throw new InvalidOperationException("automatic quality was asked for but no search is registered");
            return autoQuality.Choose(prepared, target, level, (image, q) => VipsEncoder.EncodeWith(image, target, new EncodeSettings(q, false, recipe.Effort, keep), _options));
        }
        return recipe.Quality ?? _options.DefaultQuality(target);
    }

    /// <summary>The decoded image's ICC profile when it has one and is not CMYK; null otherwise.</summary>
    private static byte[]? KeptProfile(Image image) =>
        image.Interpretation != Enums.Interpretation.Cmyk && image.Contains("icc-profile-data") ? (byte[])image.Get("icc-profile-data") : null;

    private bool KeepsAlpha => target.Operation != OperationNames.Jpg;

    private static Image Then(Image image, Func<Image, Image> step) => VipsPixels.Then(image, step);

    private sealed record Converted(byte[] Bytes, int Width, int Height, int? Quality);
}
