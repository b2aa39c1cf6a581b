using System.Diagnostics.Metrics;

namespace PixTools.Observability;

/// <summary>
/// Every instrument of PixTools on one <see cref="Meter"/> named <c>PixTools</c>, name and help side by side.
/// Static, as there is no metrics library yet: whatever exporter serves /metrics listens to this meter by name.
/// Labels, when an instrument has any, come from small fixed sets (never a job id, host or file name).
/// </summary>
public static class PixToolsMetrics
{
    public const string MeterName = "PixTools";

    public static readonly Meter Meter = new(MeterName);

    /// <summary>ZIP bundles given up after their last try; the job's outcome is unchanged by it.</summary>
    public static readonly Counter<long> ArchiveFailures = Meter.CreateCounter<long>(
        "pixtools_archive_failures_total", description: "ZIP bundles of job results that could not be built or stored after every retry");
}
