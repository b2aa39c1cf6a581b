using System.Diagnostics;

namespace PixTools.Observability;

/// <summary>The tracing source of PixTools' own spans: operations on workers, the fan-in, the bundle and the webhook.</summary>
public static class PixToolsActivity
{
    public const string SourceName = "PixTools";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>The W3C traceparent of the current span, carried in queue messages so a worker's span joins the upload's trace.</summary>
    public static string? CurrentTraceParent() => Activity.Current?.Id is { } id && Activity.Current.IdFormat == ActivityIdFormat.W3C ? id : null;

    /// <summary>Starts a consumer span whose parent is the span that published the message.</summary>
    public static Activity? StartFromMessage(string name, string? traceParent) =>
        ActivityContext.TryParse(traceParent, null, out var parent)
            ? Source.StartActivity(name, ActivityKind.Consumer, parent)
            : Source.StartActivity(name, ActivityKind.Consumer);
}
