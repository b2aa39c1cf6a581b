using PixTools.Intake.Admission;

namespace PixTools.Api;

/// <summary>
/// POST /api/process's admission check. It runs before the handler and so before a byte of the body is read
/// (the endpoint binds no form: Intake reads the body itself): when the service is full, or a dependency is
/// away, the answer is 503 with Retry-After and the upload is never received. An admitted upload then waits for its
/// turn (<see cref="UploadTurns"/>) before its body is read.
/// </summary>
public sealed class AdmissionFilter(AdmissionControl admission, UploadTurns turns) : IEndpointFilter
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
            using var turn = await turns.WaitAsync(http.RequestAborted);
            if (turn is null)
            {
                return new RetryLaterResult(StatusCodes.Status503ServiceUnavailable,
                    "The service is receiving many uploads at once and this one waited too long for its turn. Please try again shortly.",
                    turns.RetryAfterSeconds);
            }
            return await next(context);
        }
    }
}
