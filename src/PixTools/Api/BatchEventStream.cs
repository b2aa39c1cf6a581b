using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using PixTools.Jobs;
using PixTools.Jobs.Views;

namespace PixTools.Api;

/// <summary>
/// GET /api/batches/{id}/events: the batch's view as <c>event: batch</c> whenever it changes (a job moves, the ZIP
/// appears), then <c>event: end</c> once every job is terminal and the batch's end work (ZIP) is done, or
/// <see cref="JobEventsEndpoint.EndStepsGrace"/> after every job became terminal. Same timing as a job's stream.
/// </summary>
public sealed class BatchEventStream(Guid batchId) : IResult
{
    public async Task ExecuteAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var batches = services.GetRequiredService<BatchStore>();
        var views = services.GetRequiredService<BatchViewBuilder>();
        var clock = services.GetRequiredService<TimeProvider>();
        var json = services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var aborted = context.RequestAborted;

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
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
                var batch = await batches.FindAsync(batchId, aborted);
                if (batch is null) break; // pruned while watched
                var jobs = await batches.ListJobsAsync(batchId, aborted);
                var fingerprint = Fingerprint(batch, jobs);
                if (fingerprint != lastFingerprint)
                {
                    var view = await views.BuildAsync(batch, jobs, context.Request, aborted);
                    await WriteAsync(context, $"event: batch\ndata: {JsonSerializer.Serialize(view, json)}\n\n", aborted);
                    lastFingerprint = fingerprint;
                    lastWrite = clock.GetUtcNow();
                }
                if (BatchProgress.Of(jobs).IsTerminal)
                {
                    terminalSince ??= clock.GetUtcNow();
                    if (batch.EndStepsDoneAt is not null || clock.GetUtcNow() - terminalSince >= JobEventsEndpoint.EndStepsGrace) break;
                }
                if (clock.GetUtcNow() - lastWrite >= JobEventsEndpoint.HeartbeatInterval)
                {
                    await WriteAsync(context, ": heartbeat\n\n", aborted);
                    lastWrite = clock.GetUtcNow();
                }
                await Task.Delay(JobEventsEndpoint.PollInterval, clock, aborted);
            }
            await WriteAsync(context, "event: end\ndata: {}\n\n", aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
        }
    }

    /// <summary>What the view shows, without the signed URL (it changes on every read).</summary>
    private static string Fingerprint(Batch batch, IReadOnlyList<Job> jobs)
    {
        var text = new StringBuilder($"{batch.ArchiveKey}|{batch.EndStepsDoneAt?.Ticks}");
        foreach (var job in jobs) text.Append($"|{job.Id}:{job.Status}");
        return text.ToString();
    }

    private static async Task WriteAsync(HttpContext context, string text, CancellationToken cancellationToken)
    {
        await context.Response.WriteAsync(text, cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }
}
