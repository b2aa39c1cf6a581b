using System.Globalization;
using Microsoft.Extensions.Options;
using PixTools.Intake.Structure;
using PixTools.Operations;
using PixTools.Operations.Vips;
using PixTools.Webhooks;

namespace PixTools.Intake;

/// <summary>
/// Applies API.md's validation table to a read form, cheapest checks first and the header-only pixel
/// check last: required fields, declared type, sniffed type, operations and params, webhook, pixels.
/// </summary>
public sealed class UploadValidator(PixelGuard pixelGuard, IOptions<LimitsOptions> limits, IOptions<ImagingOptions> imaging)
{
    public Outcome<ValidatedUpload> Validate(UploadForm form, Func<string, bool> isAvailable)
    {
        if (form.File is not { } file) return Problem.Unprocessable(form.MissingFileDetail("file is required"));
        var hasOutputs = form.Outputs is not null;
        if (!hasOutputs && string.IsNullOrWhiteSpace(form.Operations)) return Problem.Unprocessable("operations is required (or outputs)");
        var content = file.Content;
        if (content.Length == 0) return Problem.BadRequest("file is empty");

        // A part without a type, or with the generic application/octet-stream (what curl and most HTTP libraries send
        // for .webp, .avif, .tiff and .heic files), claims nothing: the bytes decide. A named type must match them.
        var declared = ImageFormats.ForContentType(file.ContentType);
        var undeclared = ImageFormats.IsUnspecifiedContentType(file.ContentType);
        if (declared is null && !undeclared)
        {
            return Problem.BadRequest(
                $"file content type must be one of {string.Join(", ", ImageFormats.Inputs.Select(f => f.ContentType))} (or application/octet-stream, to let the bytes decide), got '{file.ContentType}'");
        }
        var sniffed = FormatSniffer.Sniff(content.Head(FormatSniffer.HeadLength));
        if (sniffed is null)
        {
            return Problem.BadRequest("file bytes are not a JPEG, PNG, WebP, AVIF, TIFF, GIF or HEIC image" + (declared is null ? "" : $" (declared {declared.ContentType})"));
        }
        if (declared is not null && sniffed != declared)
        {
            return Problem.BadRequest($"file is declared as {declared.ContentType} but its bytes are {sniffed.ContentType}");
        }

        if (sniffed == ImageFormats.Heic && !HeifConverter.IsAvailable)
        {
            return new Problem(StatusCodes.Status415UnsupportedMediaType, $"file is a HEIC image, which this server cannot read: {HeifConverter.UnavailableReason}");
        }

        var parsed = hasOutputs
            ? RecipePlan.Parse(form.Operations, form.OperationParams, form.Outputs!, sniffed, limits.Value, isAvailable, form.ForABatch)
            : OperationPlanParser.Parse(form.Operations, form.OperationParams, sniffed, limits.Value);
        if (!parsed.Succeeded) return parsed.Problem;
        var plan = parsed.Value;
        if (!hasOutputs && plan.Names.FirstOrDefault(name => !isAvailable(name)) is { } unavailable)
        {
            return Problem.Unprocessable($"operations: {unavailable} is not available on this server");
        }
        if (!hasOutputs) plan = RecipePlan.FromOperations(plan);
        if (WebhookUrlValidator.Validate(form.WebhookUrl) is { } webhookProblem) return webhookProblem;

        using (var mapped = content.Map())
        {
            if (StructureScan.Check(mapped.Span, sniffed, limits.Value) is { } damaged) return damaged;
        }
        var everyFrame = plan.Operations.Any(op => op.Params.Format == OperationNames.Webp);
        var pixels = pixelGuard.Check(content, sniffed, everyFrame);
        if (!pixels.Succeeded) return pixels.Problem;
        if (AvifTooLarge(plan, pixels.Value) is { } avif) return avif;
        if (OutputTooLarge(plan, pixels.Value) is { } tooLarge) return tooLarge;

        var webhook = string.IsNullOrWhiteSpace(form.WebhookUrl) ? null : form.WebhookUrl.Trim();
        return new ValidatedUpload(content, sniffed, OriginalName.From(file.FileName), plan, webhook);
    }

    /// <summary>
    /// Every output's size worked out from the header as the worker will (<see cref="OutputSizeLimits"/>): over the pixel
    /// ceiling (a resize that makes a strip gigapixels) or over its format's largest side, it is refused here, naming the
    /// output, before anything is stored. Where the header does not say whether the picture is turned (HEIC), only a size
    /// too large both ways round is refused here; the worker checks again on the decoded picture.
    /// </summary>
    private Problem? OutputTooLarge(OperationPlan plan, ImageHeader header)
    {
        foreach (var op in plan.Operations)
        {
            if (op.Params.Format is not { } format || ImageFormats.ForOperation(format) is not { } target) continue;
            var frames = target == ImageFormats.Webp ? header.Frames : 1;
            string? refusal = null;
            foreach (var (width, height) in header.ShownSizes)
            {
                var size = op.Params.Resize is { } spec ? ResizePlanner.Plan(width, height, spec) : new ResizePlan(width, height, width, height);
                refusal = OutputSizeLimits.Refusal(width, height, size, target, imaging.Value.MaxOutputPixels, frames);
                if (refusal is null) break;
            }
            if (refusal is not null) return Problem.Unprocessable($"{op.Name}: {char.ToLowerInvariant(refusal[0])}{refusal[1..]}");
        }
        return null;
    }

    /// <summary>
    /// An AVIF output without a resize is the picture's own size, known from its header: over
    /// <see cref="ImagingOptions.AvifMaxPixels"/> it is refused here, before anything is stored. (With a resize the worker
    /// decides, once the size is worked out from the turned picture.)
    /// </summary>
    private Problem? AvifTooLarge(OperationPlan plan, ImageHeader header)
    {
        var max = imaging.Value.AvifMaxPixels;
        if (header.Pixels <= max) return null;
        var unresized = plan.Operations.FirstOrDefault(op => op.Params.Format == OperationNames.Avif && op.Params.Resize is null);
        return unresized is null ? null : Problem.Unprocessable(string.Create(CultureInfo.InvariantCulture,
            $"{unresized.Name}: an AVIF picture may be at most {max / 1e6:0.#} megapixels on this server, and this one is {header.Width:N0} × {header.Height:N0} pixels. Give it a resize, or ask for WebP or JPEG."));
    }
}
