using Prometheus;

namespace PixTools.Api;

/// <summary>What a worker-only process serves: its probes, nothing of the job API.</summary>
public static class WorkerEndpoints
{
    public static WebApplication MapWorkerEndpoints(this WebApplication app)
    {
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseRouting();
        app.UseHttpMetrics();
        app.MapHealthEndpoints();
        app.MapMetrics();
        return app;
    }
}
