using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;
using PixTools.Jobs;
using PixTools.Observability;
using PixTools.Queue;
using Prometheus;

namespace PixTools.Hosting;

/// <summary>Logs (JSON or text on stdout, with scopes), OpenTelemetry traces, and the metrics read at scrape time.</summary>
public static class ObservabilityRegistration
{
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<TelemetryOptions>(TelemetryOptions.Section);
        var telemetry = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();

        builder.Logging.ClearProviders();
        var json = telemetry.LogFormat?.ToLowerInvariant() switch
        {
            "json" => true,
            "text" => false,
            null or "" => !builder.Environment.IsDevelopment(),
            _ => throw new InvalidOperationException($"Telemetry:LogFormat must be json or text, got '{telemetry.LogFormat}'"),
        };
        if (json) builder.Logging.AddJsonConsole(o => { o.IncludeScopes = true; o.UseUtcTimestamp = true; o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' "; });
        else builder.Logging.AddSimpleConsole(o => { o.IncludeScopes = true; o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });

        builder.Services.AddOpenTelemetry().WithTracing(tracing =>
        {
            tracing.AddSource(PixToolsActivity.SourceName).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
            if (!string.IsNullOrWhiteSpace(telemetry.OtlpEndpoint))
            {
                tracing.AddOtlpExporter(o => o.Endpoint = new Uri(telemetry.OtlpEndpoint));
            }
        });
        return builder;
    }

    /// <summary>Gauges that are read when Prometheus scrapes: jobs in flight from the job store, the in-process queue's depth.</summary>
    public static void RegisterScrapeTimeGauges(this IServiceProvider services)
    {
        var jobs = services.GetRequiredService<JobStore>();
        var queue = services.GetRequiredService<IWorkQueue>();
        Metrics.DefaultRegistry.AddBeforeCollectCallback(async cancellationToken =>
        {
            try
            {
                PixToolsMetrics.JobsInFlight.Set(await jobs.CountInFlightAsync(cancellationToken));
                foreach (var name in QueueNames.All) PixToolsMetrics.QueueDepth.WithLabels(name).Set(await queue.CountWaitingAsync(name, cancellationToken));
            }
            catch (ObjectDisposedException)
            {
                // A host that has stopped (tests start several in one process) no longer reports.
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // A dependency that is down must not break /metrics: the gauges keep their last values, readyz tells the rest.
            }
        });
    }
}
