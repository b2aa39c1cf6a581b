using Microsoft.Extensions.Diagnostics.HealthChecks;
using PixTools.Queue;

namespace PixTools.Observability.HealthChecks;

/// <summary>The connection to the broker is open.</summary>
public sealed class QueueHealthCheck(RabbitMqWorkQueue queue) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await queue.IsConnectedAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("broker connection closed");
}
