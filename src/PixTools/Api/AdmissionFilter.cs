using PixTools.Intake.Admission;

namespace PixTools.Api;

/// <summary>
/// POST /api/process's admission check. It runs before the handler and so before a byte of the body is read
/// (the endpoint binds no form: Intake reads the body itself): when the service is full, or a dependency is
/// away, the answer is 503 with Retry-After and the upload is never received. POST /api/batches carries
/// <see cref="ForBatches"/>: its bytes are not counted among the uploads being received (<see cref="AdmissionControl.TryAdmitBatchAsync"/>).
/// </summary>
public sealed class AdmissionFilter(AdmissionControl admission) : IEndpointFilter
{
    /// <summary>Endpoint metadata: the endpoint takes batches.</summary>
    public sealed class ForBatches;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var decision = http.GetEndpoint()?.Metadata.GetMetadata<ForBatches>() is not null
            ? await admission.TryAdmitBatchAsync(http.RequestAborted)
            : await admission.TryAdmitAsync(http.Request.ContentLength, http.RequestAborted);
        if (decision.Lease is not { } lease)
        {
            return new RetryLaterResult(StatusCodes.Status503ServiceUnavailable, decision.Reason!, decision.RetryAfterSeconds);
        }
        using (lease)
        {
            return await next(context);
        }
    }
}
