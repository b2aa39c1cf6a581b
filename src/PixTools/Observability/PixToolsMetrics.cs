using Prometheus;

namespace PixTools.Observability;

/// <summary>
/// Every PixTools instrument, name + help + labels side by side. Base units, <c>_total</c> on counters, and
/// labels only from small fixed sets (operation, queue, status, outcome) — never a job id, host or file name.
/// </summary>
public static class PixToolsMetrics
{
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    public static readonly Counter JobsProcessed = Metrics.CreateCounter(
        "pixtools_jobs_processed_total", "Operations of jobs that ended, by operation and outcome (succeeded or failed).",
        new CounterConfiguration { LabelNames = ["operation", "status"] });

    public static readonly Counter JobsFinished = Metrics.CreateCounter(
        "pixtools_jobs_finished_total", "Jobs that reached a terminal status, by status.",
        new CounterConfiguration { LabelNames = ["status"] });

    public static readonly Histogram InferenceLatency = Metrics.CreateHistogram(
        "pixtools_inference_latency_seconds", "Time inside the denoise model itself, per image.",
        new HistogramConfiguration { Buckets = DurationBuckets });

    public static readonly Histogram OperationDuration = Metrics.CreateHistogram(
        "pixtools_operation_duration_seconds", "Time an operation took in the worker, from decode to stored result.",
        new HistogramConfiguration { LabelNames = ["operation"], Buckets = DurationBuckets });

    public static readonly Histogram JobEndToEnd = Metrics.CreateHistogram(
        "pixtools_job_end_to_end_seconds", "Time from a job's acceptance to its terminal status.",
        new HistogramConfiguration { Buckets = DurationBuckets });

    public static readonly Histogram QueueWait = Metrics.CreateHistogram(
        "pixtools_queue_wait_seconds", "Time a work message waited between publish and the start of its handling.",
        new HistogramConfiguration { LabelNames = ["queue"], Buckets = DurationBuckets });

    public static readonly Gauge QueueDepth = Metrics.CreateGauge(
        "pixtools_queue_depth", "Messages waiting in a work queue.", new GaugeConfiguration { LabelNames = ["queue"] });

    public static readonly Gauge JobsInFlight = Metrics.CreateGauge(
        "pixtools_jobs_in_flight", "Jobs accepted and not yet ended (PENDING or PROCESSING), read from the job store at scrape time.");

    public static readonly Counter WebhookDeliveries = Metrics.CreateCounter(
        "pixtools_webhook_deliveries_total", "Webhook delivery attempts, by outcome (delivered, failed, refused, circuit_open).",
        new CounterConfiguration { LabelNames = ["outcome"] });

    public static readonly Gauge WebhookCircuitOpen = Metrics.CreateGauge(
        "pixtools_webhook_circuit_open", "Destination hosts whose webhook circuit breaker is open now.");

    public static readonly Counter ArchiveFailures = Metrics.CreateCounter(
        "pixtools_archive_failures_total", "ZIP bundles that could not be built after their retries (the job is not failed by it).");
}
