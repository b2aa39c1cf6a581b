using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace PixTools.Api;

/// <summary>
/// The Server-Sent Events loop that a job's and a batch's streams share. Every <see cref="JobEventsEndpoint.PollInterval"/>
/// after a change, slowing to every <see cref="JobEventsEndpoint.MaxPollInterval"/> while nothing changes, it reads what
/// it follows and writes its view as <c>event: {EventName}</c> when the fingerprint changed, a heartbeat
/// comment after <see cref="JobEventsEndpoint.HeartbeatInterval"/> of silence, and <c>event: end</c> once it is terminal
/// and its end steps are done (or <see cref="JobEventsEndpoint.EndStepsGrace"/> after it became terminal) or it is gone;
/// until then, or until the client goes away.
/// </summary>
/// <typeparam name="TState">What one read returns (a job; a batch with its jobs).</typeparam>
/// <typeparam name="TView">The JSON each event carries.</typeparam>
public abstract class PolledEventStream<TState, TView> : IResult where TState : class
{
    /// <summary>The name of the events that carry the view: <c>job</c>, <c>batch</c>.</summary>
    protected abstract string EventName { get; }

    /// <summary>The current state, or null when it was pruned while watched: nothing more will come.</summary>
    protected abstract Task<TState?> ReadAsync(IServiceProvider services, CancellationToken cancellationToken);

    /// <summary>What the view shows, without the signed URLs (they change on every read).</summary>
    protected abstract string Fingerprint(TState state);

    protected abstract bool IsTerminal(TState state);

    protected abstract bool EndStepsDone(TState state);

    protected abstract Task<TView> BuildViewAsync(IServiceProvider services, TState state, HttpRequest request, CancellationToken cancellationToken);

    public async Task ExecuteAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var services = context.RequestServices;
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
        var wait = JobEventsEndpoint.PollInterval;
        try
        {
            await WriteAsync(context, "retry: 2000\n\n", aborted);
            while (true)
            {
                var state = await ReadAsync(services, aborted);
                if (state is null) break;
                var fingerprint = Fingerprint(state);
                wait = JobEventsEndpoint.NextPoll(wait, changed: fingerprint != lastFingerprint);
                if (fingerprint != lastFingerprint)
                {
                    var view = await BuildViewAsync(services, state, context.Request, aborted);
                    await WriteAsync(context, $"event: {EventName}\ndata: {JsonSerializer.Serialize(view, json)}\n\n", aborted);
                    lastFingerprint = fingerprint;
                    lastWrite = clock.GetUtcNow();
                }
                if (IsTerminal(state))
                {
                    terminalSince ??= clock.GetUtcNow();
                    if (EndStepsDone(state) || clock.GetUtcNow() - terminalSince >= JobEventsEndpoint.EndStepsGrace) break;
                }
                if (clock.GetUtcNow() - lastWrite >= JobEventsEndpoint.HeartbeatInterval)
                {
                    await WriteAsync(context, ": heartbeat\n\n", aborted);
                    lastWrite = clock.GetUtcNow();
                }
                await Task.Delay(wait, clock, aborted);
            }
            // Tells EventSource not to reconnect: there is nothing more to say.
            await WriteAsync(context, "event: end\ndata: {}\n\n", aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away; nothing to clean up.
        }
    }

    private static async Task WriteAsync(HttpContext context, string text, CancellationToken cancellationToken)
    {
        await context.Response.WriteAsync(text, cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }
}
