using System.Diagnostics;
using Microsoft.Extensions.Options;
using NetVips;
using PixTools.Observability;
using PixTools.Operations.Convert;
using PixTools.Operations.Vips;

namespace PixTools.Operations.Denoise;

/// <summary>
/// The <c>denoise</c> operation: decode strictly, orient, resize, sRGB 8-bit, set alpha aside, estimate the noise
/// level unless a strength is given, run the model in tiles, put alpha back, encode PNG without metadata (an ICC profile
/// kept on request: the pixels are then denoised unconverted).
/// </summary>
public sealed class DenoiseOperation(
    DenoiseModel model, IOptions<DenoiseOptions> denoise, IOptions<ImagingOptions> imaging, ILogger<DenoiseOperation> logger) : IImageOperation
{
    /// <inheritdoc />
    public string Name => OperationNames.Denoise;

    /// <inheritdoc />
    /// <remarks>
    /// CPU-bound like a conversion, so it runs on a thread of its own at a lower priority (<see cref="BackgroundCpu"/>);
    /// cancellation is honoured between tiles.
    /// The PNG is encoded to memory first, so a failure leaves nothing half-written in <paramref name="destination"/>.
    /// </remarks>
    public async Task<OperationOutput> RunAsync(OperationInput input, Stream destination, CancellationToken cancellationToken)
    {
        var denoised = await BackgroundCpu.RunAsync(() => Denoise(input, cancellationToken), imaging.Value.WorkNice, cancellationToken);
        await destination.WriteAsync(denoised.Bytes, cancellationToken);
        // The strength in force goes back to the job: the automatic one is a number a user can send as strength to
        // get the same output.
        return new OperationOutput(new ResultFile(ImageFormats.Png.Extension, ImageFormats.Png.ContentType, denoised.Width, denoised.Height),
            Applied: input.Params with { Strength = new DenoiseStrength(denoised.Strength) });
    }

    private Denoised Denoise(OperationInput input, CancellationToken cancellationToken)
    {
        EnsureModel();
        try
        {
            // 1-4. Header, size plan, decode, orient and scale (denoise works on the pixels it will write), sRGB
            // 8 bits per band: what the model was trained on.
            // An output keeping the ICC profile is denoised in its source's own RGB (the profile's transfer curve is
            // sRGB's or close to it, which is what the model needs), and the profile goes with the denoised PNG.
            var (image, plan, profile) = VipsDecoder.Decode8(input, allFrames: false, keepProfile: input.Params.Keep?.HasFlag(MetadataKeep.Icc) == true, imaging.Value.MaxOutputPixels);
            // 5. Cover crops before denoising (fewer pixels); contain pads after (the padding is not a picture).
            if (plan.NeedsCrop) image = Then(image, i => VipsPixels.CropCentre(i, plan.Width, plan.Height));
            // 6. Pixels: RGB bytes for the model, alpha set aside (the loaders run here, so a cut file fails here).
            using var pixels = Then(image, DenoisePixels.Split);
            // 7. Strength: the given level, or the learned estimate from these very pixels (AutoStrength).
            var sigma = input.Params.Strength?.Sigma ?? AutoStrength.Estimate(model, pixels.Rgb, pixels.Width, pixels.Height, JpegQualityAtOwnSize(input));
            // 8. The model, tile by tile; its own time is the inference latency.
            // Strength 0 (given, or read from a clean picture) means no noise to remove: the pixels come back as they
            // are. The network is no exact identity at 0 (a saturated edge moved by up to 24 levels).
            var options = denoise.Value;
            var watch = Stopwatch.StartNew();
            var modelTime = sigma <= 0 ? TimeSpan.Zero : new TiledDenoiser(model, options.TileSize, options.Overlap)
                .Denoise(pixels.Rgb, pixels.Width, pixels.Height, sigma, cancellationToken);
            PixToolsMetrics.InferenceLatency.Observe(modelTime.TotalSeconds);
            logger.DenoiseRan(pixels.Width, pixels.Height, sigma, input.Params.Strength?.IsAuto ?? true, (long)modelTime.TotalMilliseconds, watch.ElapsedMilliseconds);
            // 9. Alpha back, contain's padding, PNG without metadata (but for a kept ICC profile).
            using var result = pixels.Join();
            using var padded = plan.NeedsPad ? VipsPixels.PadCentre(result, plan.Width, plan.Height, transparent: true) : result.Copy();
            var keep = profile is not null && IccProfiles.Fits(profile, pixels.Grey ? 1 : 3) ? Enums.ForeignKeep.Icc : Enums.ForeignKeep.None;
            using var output = keep == Enums.ForeignKeep.Icc ? padded.Mutate(m => m.Set(GValue.BlobType, "icc-profile-data", profile)) : padded.Copy();
            var png = VipsEncoder.EncodeWith(output, ImageFormats.Png, new EncodeSettings(null), imaging.Value, keep);
            return new Denoised(png, output.Width, output.Height, sigma);
        }
        catch (VipsException e)
        {
            // As in ConvertOperation: what libvips refuses past intake is the file itself; retrying cannot help.
            throw new ImageInputException($"file is not a valid {input.SourceFormat.Extension} image: {VipsErrors.Reason(e, input.SourceFormat, ImageFormats.Png)}", e);
        }
    }

    /// <summary>
    /// The quality of a JPEG upload denoised at its own size or larger, else null: a downscale averages away the
    /// blocks and the smoothing JPEG gave the noise, so a smaller picture is calibrated as any other (StrengthCalibration).
    /// </summary>
    internal static int? JpegQualityAtOwnSize(OperationInput input)
    {
        if (input.SourceFormat != ImageFormats.Jpeg) return null;
        if (input.Params.Resize is { } resize)
        {
            var source = VipsDecoder.ReadHeader(input.Source);
            var plan = VipsDecoder.PlanFor(source, resize);
            if ((long)plan.ScaledWidth * plan.ScaledHeight < (long)source.Width * source.Height) return null;
        }
        return JpegQuality.Estimate(input.Source);
    }

    /// <summary>
    /// Makes the sessions on the first denoise where the process did not load them at start (Denoise:Load). A model
    /// file that cannot be loaded is an operator's problem: the log gets the cause, the job a plain reason.
    /// </summary>
    private void EnsureModel()
    {
        if (model.IsLoaded) return;
        try
        {
            model.EnsureLoaded();
        }
        catch (InvalidOperationException e)
        {
            logger.DenoiseModelLoadFailed(e, e.Message);
            throw new ServerFailureException("the denoise model of this server could not be loaded; its log says why", e);
        }
    }

    private static T Then<T>(Image image, Func<Image, T> step) => VipsPixels.Then(image, step);

    private sealed record Denoised(byte[] Bytes, int Width, int Height, double Strength);
}
