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
public sealed class UploadValidator(PixelGuard pixelGuard, IOptions<LimitsOptions> limits)
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
        if (pixelGuard.Check(content, sniffed, everyFrame) is { Succeeded: false } pixels) return pixels.Problem;

        var webhook = string.IsNullOrWhiteSpace(form.WebhookUrl) ? null : form.WebhookUrl.Trim();
        return new ValidatedUpload(content, sniffed, OriginalName.From(file.FileName), plan, webhook);
    }
}
