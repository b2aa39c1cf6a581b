using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using PixTools.Intake;
using PixTools.Intake.Admission;
using PixTools.Jobs;

namespace PixTools.Api;

/// <summary>
/// POST /api/batches' refusals in the OpenAPI document, each with its ProblemDetails shape and an example sentence
/// (docs/api.md "Batches"); the two that ask the client to come back (429, 503) carry Retry-After. The 202 is the
/// endpoint's own typed result.
/// </summary>
public sealed class BatchRefusalsOpenApi(IOptions<BatchOptions> batches, IOptions<AdmissionOptions> admission) : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (!string.Equals(context.Description.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase)
            || !string.Equals(context.Description.RelativePath?.TrimStart('/'), "api/batches", StringComparison.OrdinalIgnoreCase))
        {
            return Task.CompletedTask;
        }

        var maxFiles = BatchFiles.MaxFilesOf(batches.Value, admission.Value);
        var maxBytes = Readable.Bytes(batches.Value.MaxBytes);
        operation.Responses ??= new OpenApiResponses();
        operation.Responses["401"] = ProcessFormOpenApi.Unauthorized();
        operation.Responses["413"] = ProcessFormOpenApi.Problem(
            $"More than {maxFiles} files, or files adding up to more than {maxBytes}: nothing is kept.", 413,
            $"A batch may carry at most {maxFiles} files; send the others in another batch.");
        operation.Responses["422"] = ProcessFormOpenApi.Problem(
            "Not multipart/form-data, no file part, a shared field that breaks a rule, or every file refused (then `detail` gives each " +
            "file's reason and `refused` lists them: `[{\"file_name\", \"detail\"}]`).", 422,
            "The request must be sent as multipart/form-data with a boundary (the images in fields named files, with operations or outputs).");
        operation.Responses["429"] = ProcessFormOpenApi.TooManyRequests();
        operation.Responses["503"] = ProcessFormOpenApi.RetryLater(ProcessFormOpenApi.Problem(
            "The service is full, or would be with this batch's jobs (the same ceiling on unfinished work as single jobs), or a dependency is down: " +
            "the whole batch is refused and nothing is kept. Send the same request again after Retry-After (with the same Idempotency-Key).", 503,
            "The service is busy with 495 unfinished jobs, and this batch would add 20 (it takes at most 500). Please try again later."));
        return Task.CompletedTask;
    }
}
