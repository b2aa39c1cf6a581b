using Microsoft.Extensions.Diagnostics.HealthChecks;
using PixTools.Storage;

namespace PixTools.Observability.HealthChecks;

/// <summary>Blob storage takes a small write and gives it back.</summary>
public sealed class StorageHealthCheck(IBlobStore blobs) : IHealthCheck
{
    private const string ProbeKey = "health/probe";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using (var probe = new MemoryStream("ok"u8.ToArray()))
            {
                await blobs.PutAsync(ProbeKey, probe, "text/plain", cancellationToken);
            }
            return await blobs.ExistsAsync(ProbeKey, cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("storage accepted a write but does not find it");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"storage unreachable: {e.GetType().Name}: {e.Message}");
        }
    }
}
