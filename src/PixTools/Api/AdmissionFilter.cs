using PixTools.Intake.Admission;

namespace PixTools.Api;

/// <summary>
/// POST /api/process's admission check. It runs before the handler and so before a byte of the body is read
/// (the endpoint binds no form: Intake reads the body itself): when the service is full, or a dependency is
/// away, the answer is 503 with Retry-After and the upload is never received.
/// </summary>
public sealed class AdmissionFilter(AdmissionControl admission) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var decision = await admission.TryAdmitAsync(http.Request.ContentLength, http.RequestAborted);
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
