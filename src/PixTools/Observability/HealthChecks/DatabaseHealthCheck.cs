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
            await db.Jobs.AsNoTracking().Select(j => j.Id).FirstOrDefaultAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"database unreachable: {e.GetType().Name}: {e.Message}");
        }
    }
}
