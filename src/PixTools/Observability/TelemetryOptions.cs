namespace PixTools.Observability;

/// <summary>Traces and logs, section <c>Telemetry</c>.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>OTLP endpoint traces are exported to (e.g. <c>http://otel-collector:4317</c>); empty: traces are not exported.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>Log format on stdout: <c>json</c> (one object per line, for collectors) or <c>text</c>; default: text in Development, json elsewhere.</summary>
    public string? LogFormat { get; set; }
}
