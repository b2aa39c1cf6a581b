using System.Globalization;
using Microsoft.Extensions.Options;
using NetVips;
using PixTools.Operations.Convert.Quality;
using PixTools.Operations.Metadata;
using PixTools.Operations.Vips;

namespace PixTools.Operations.Convert;

/// <summary>
/// Writes one output in one target format (the <c>jpg</c>, <c>png</c>, <c>webp</c> and <c>avif</c> outputs):
/// decode strictly, orient, resize, sRGB (unless the ICC profile is kept), 8-bit, alpha, crop by gravity, keep only
/// the metadata asked for, encode at the fixed, default or automatic quality.
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
    /// libvips work is synchronous and CPU-bound (up to seconds for AVIF), so it runs on a thread of its own at a lower
    /// priority (<see cref="BackgroundCpu"/>): neither the worker's consume loop nor the thread pool is ever blocked
    /// by it. Cancellation is honoured before the conversion starts and while writing; libvips cannot be
    /// stopped halfway. The result is encoded to memory and then written, so a failed conversion leaves
    /// nothing half-written in <paramref name="destination"/>. The quality actually used goes back as
    /// <see cref="OperationOutput.Applied"/>.
    /// </remarks>
    public async Task<OperationOutput> RunAsync(OperationInput input, Stream destination, CancellationToken cancellationToken)
    {
        var converted = await BackgroundCpu.RunAsync(() => Convert(input), _options.WorkNice, cancellationToken);
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
            // 1-3. Header and size plan; decode, orient and scale in one libvips thumbnail pipeline. HEIC is decoded
            // to PNG first. An animated GIF or WebP keeps its frames only when written as WebP; other targets take the
            // first frame.
            var decoded = input.SourceFormat == ImageFormats.Heic ? HeifConverter.ToPng(input.Source) : input.Source;
            var source = VipsDecoder.ReadHeader(decoded);
            var plan = VipsDecoder.PlanFor(source, recipe.Resize);
            var allFrames = target == ImageFormats.Webp && source.Pages > 1;
            if (OutputSizeLimits.Refusal(source.Width, source.Height, plan, target, _options.MaxOutputPixels, allFrames ? source.Pages : 1) is { } tooLarge)
            {
                throw new ImageInputException(tooLarge);
            }
            if (target == ImageFormats.Avif && (long)plan.Width * plan.Height > _options.AvifMaxPixels) throw TooLargeForAvif(plan);
            var image = VipsDecoder.DecodeScaled(decoded, plan, allFrames);
            // 4. Colour: a kept profile stays with its pixels; otherwise sRGB when the source needs it. CMYK always
            // becomes sRGB (no output format here holds CMYK), so its profile is not kept.
            var icc = keep.HasFlag(MetadataKeep.Icc) ? VipsDecoder.KeptProfile(image) : null;
            if (source.NeedsSrgb && icc is null) image = Then(image, VipsPixels.ToSrgb);
            // 5. 8 bits per band. 6. Alpha: JPEG flattens onto white; PNG, WebP and AVIF keep it.
            image = Then(image, VipsPixels.ToEightBit);
            if (!KeepsAlpha) image = Then(image, VipsPixels.FlattenOntoWhite);
            // 7. Fit to the box, frame by frame: cover crops where the gravity says, contain pads around the centre.
            var gravity = recipe.Resize?.Gravity ?? CropGravity.Center;
            if (plan.NeedsCrop) image = Then(image, i => VipsFrames.PerFrame(i, f => VipsPixels.Crop(f, plan.Width, plan.Height, gravity)));
            if (plan.NeedsPad) image = Then(image, i => VipsFrames.PerFrame(i, f => VipsPixels.PadCentre(f, plan.Width, plan.Height, KeepsAlpha)));
            // 8. Only the metadata kept, then encode. The loaders run lazily inside the encode, so a truncated file fails here.
            // A PNG of a grey picture stored as colour is written grey, one of at most 256 colours with a palette: a picture
            // up to Imaging:PngGreyCheckMaxPixels is held in memory and checked exactly (the first frame of an animation
            // too); a larger one only for grey, when a look at the source file says it may be grey.
            var checkPixels = target.Operation == OperationNames.Png && image.Bands >= 3
                && (GreyBands.HoldForCheck(image, _options.PngGreyCheckMaxPixels) || (source.Pages == 1 && GreyBands.MayBeGrey(decoded)));
            var (prepared, keepFlags) = KeptMetadata.Apply(image, keep, icc, input.MetadataSource ?? input.Source);
            image.Dispose();
            using (prepared)
            {
                // An output that is the upload again (its format, its size): an automatic quality stays within its bytes.
                var uploadBytes = input.SourceFormat == target && prepared.Width == source.Width && VipsFrames.FrameHeight(prepared) == source.Height
                    ? input.Source.LongLength
                    : (long?)null;
                var (bytes, quality) = Encode(prepared, recipe, keepFlags, checkPixels, uploadBytes);
                return new Converted(bytes, prepared.Width, VipsFrames.FrameHeight(prepared), quality);
            }
        }
        catch (VipsException e)
        {
            // Past intake (sniffed format, pixel guard) and with only the four loaders unblocked, what libvips
            // refuses here is the file: a cut or corrupt stream, an unreadable profile. Retrying cannot help.
            throw new ImageInputException($"file is not a valid {input.SourceFormat.Extension} image: {VipsErrors.Reason(e, input.SourceFormat, target)}", e);
        }
    }

    /// <summary>
    /// Encodes at the fixed quality, the format's default, or the automatic one: <see cref="AutoQualitySearch"/> on the
    /// finished pixels with this output's own encoder settings, whose final encode is the output. Returns the quality
    /// used (null for PNG and lossless). With <paramref name="uploadBytes"/> (the output is the upload in its own format and
    /// size) an automatic quality is lowered until the output is no larger than the upload (<see cref="SourceSizeCap"/>).
    /// </summary>
    private (byte[] Bytes, int? Quality) Encode(Image prepared, OperationParams recipe, Enums.ForeignKeep keep, bool checkPixels, long? uploadBytes)
    {
        var lossless = recipe.Lossless == true;
        var settings = new EncodeSettings(null, lossless, recipe.Effort);
        if (target.Operation == OperationNames.Png && checkPixels && prepared.Bands >= 3)
        {
            // A small picture, or one whose source looks grey, is held in memory and checked: grey is written as one band,
            // few colours with a palette (a photograph fails both on the first rows checked, and is then written from memory).
            using var held = prepared.CopyMemory();
            return (TunedEncoders.CompactPng(held, recipe.Effort, _options, keep), null);
        }
        if (target.Operation == OperationNames.Png || lossless) return (VipsEncoder.EncodeWith(prepared, target, settings, _options, keep), null);
        if (recipe.AutoQuality is { } level && AutoQualityLevels.TryParse($"auto:{level}", out var autoLevel))
        {
            // The search encodes probes cut from the picture and then the whole: held in memory, it is decoded once.
            using var held = prepared.CopyMemory();
            // JPEG may keep colour at full resolution below q90 where that reaches the target in fewer bytes.
            var choice = AutoQualitySearch.Choose(held, target, autoLevel,
                (image, q) => VipsEncoder.EncodeWith(image, target, settings with { Quality = q }, _options, keep),
                target == ImageFormats.Jpeg
                    ? (image, q) => VipsEncoder.EncodeWith(image, target, settings with { Quality = q, FullChroma = true }, _options, keep)
                    : null);
            if (uploadBytes is not { } cap) return (choice.Encoded, choice.Quality);
            var fitted = SourceSizeCap.Fit(choice.Quality, choice.Encoded, cap, AutoQualityModel.For(target).MinQuality,
                q => VipsEncoder.EncodeWith(held, target, settings with { Quality = q, FullChroma = choice.FullChroma }, _options, keep));
            return (fitted.Encoded, fitted.Quality);
        }
        var quality = recipe.Quality ?? _options.DefaultQuality(target);
        return (VipsEncoder.EncodeWith(prepared, target, settings with { Quality = quality }, _options, keep), quality);
    }

    private ImageInputException TooLargeForAvif(ResizePlan plan) => new(string.Create(CultureInfo.InvariantCulture,
        $"An AVIF picture may be at most {_options.AvifMaxPixels / 1e6:0.#} megapixels on this server, and this one would be {plan.Width:N0} × {plan.Height:N0} pixels. Ask for a smaller size, or for WebP or JPEG."));

    /// <summary>The decoded image's ICC profile when it has one and is not CMYK; null otherwise.</summary>
    private bool KeepsAlpha => target.Operation != OperationNames.Jpg;

    private static Image Then(Image image, Func<Image, Image> step) => VipsPixels.Then(image, step);

    private sealed record Converted(byte[] Bytes, int Width, int Height, int? Quality);
}
