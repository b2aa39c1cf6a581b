using System.Text.Json;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using PixTools.Jobs.Views;
using PixTools.Jobs;

namespace PixTools.Api;

/// <summary>The event stream of one job, written as the job changes until it has ended or the client goes away.</summary>
public sealed class JobEventStream(Guid jobId) : IResult
{
    public async Task ExecuteAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var jobs = services.GetRequiredService<JobStore>();
        var views = services.GetRequiredService<JobViewBuilder>();
        var clock = services.GetRequiredService<TimeProvider>();
        var json = services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var aborted = context.RequestAborted;

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        // Reverse proxies such as nginx buffer responses unless told not to; events must arrive as they happen.
        context.Response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        string? lastFingerprint = null;
        DateTimeOffset? terminalSince = null;
        var lastWrite = clock.GetUtcNow();
        try
        {
            await WriteAsync(context, "retry: 2000\n\n", aborted);
            while (true)
            {
                var job = await jobs.FindAsync(jobId, aborted);
                if (job is null) break; // pruned while watched: nothing more will come
                var fingerprint = Fingerprint(job);
                if (fingerprint != lastFingerprint)
                {
                    var view = await views.BuildAsync(job, context.Request, aborted);
                    await WriteAsync(context, $"event: job\ndata: {JsonSerializer.Serialize(view, json)}\n\n", aborted);
                    lastFingerprint = fingerprint;
                    lastWrite = clock.GetUtcNow();
                }
                if (job.Status.IsTerminal())
                {
                    terminalSince ??= clock.GetUtcNow();
                    if (job.EndStepsDoneAt is not null || clock.GetUtcNow() - terminalSince >= JobEventsEndpoint.EndStepsGrace) break;
                }
                if (clock.GetUtcNow() - lastWrite >= JobEventsEndpoint.HeartbeatInterval)
                {
                    await WriteAsync(context, ": heartbeat\n\n", aborted);
                    lastWrite = clock.GetUtcNow();
                }
                await Task.Delay(JobEventsEndpoint.PollInterval, clock, aborted);
            }
            // Tells EventSource not to reconnect: the job has nothing more to say.
            await WriteAsync(context, "event: end\ndata: {}\n\n", aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away; nothing to clean up.
        }
    }

    /// <summary>What the page shows, without the signed URLs (they change on every read).</summary>
    private static string Fingerprint(Job job)
    {
        var text = new StringBuilder($"{job.Status}|{job.ArchiveKey}|{job.ErrorMessage}|{job.MetadataJson?.Length}|{job.EndStepsDoneAt?.Ticks}");
        foreach (var run in job.Runs.OrderBy(r => r.Operation, StringComparer.Ordinal))
        {
            text.Append($"|{run.Operation}:{run.Status}:{run.ResultBytes}:{run.ErrorMessage}");
        }
        return text.ToString();
    }

    private static async Task WriteAsync(HttpContext context, string text, CancellationToken cancellationToken)
    {
        await context.Response.WriteAsync(text, cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }
}
