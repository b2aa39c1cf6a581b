using Microsoft.Extensions.Options;
using PixTools.Jobs;

namespace PixTools.Intake;

/// <summary>Admits a batch while its jobs keep the jobs not yet ended within Batches:MaxJobsInFlight.</summary>
public sealed class InFlightBatchAdmission(JobStore jobs, IOptions<BatchOptions> options) : IBatchAdmission
{
    public async Task<AdmissionRefusal?> AdmitAsync(int jobCount, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var inFlight = await jobs.CountInFlightAsync(cancellationToken);
        if (inFlight + jobCount <= settings.MaxJobsInFlight) return null;
        return new AdmissionRefusal(
            $"the server is busy: {inFlight} jobs are waiting or running and this batch would add {jobCount}; try again in {settings.RetryAfter.TotalSeconds:0} seconds",
            settings.RetryAfter);
    }
}
