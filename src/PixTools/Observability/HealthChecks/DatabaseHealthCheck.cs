using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PixTools.Jobs;

namespace PixTools.Observability.HealthChecks;

/// <summary>The job store answers a query.</summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<JobsDb> dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            // Any(): a real query on the jobs table that needs no order (First() without OrderBy draws EF warning 10103).
            await db.Jobs.AnyAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"database unreachable: {e.GetType().Name}: {e.Message}");
        }
    }
}
