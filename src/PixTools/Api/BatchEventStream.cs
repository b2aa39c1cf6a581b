using System.Text;
using PixTools.Jobs;
using PixTools.Jobs.Views;

namespace PixTools.Api;

/// <summary>
/// GET /api/batches/{id}/events: the batch's view as <c>event: batch</c> whenever it changes (a job moves, the ZIP
/// appears), then <c>event: end</c> once every job is terminal and the batch's end work (ZIP) is done, or
/// <see cref="JobEventsEndpoint.EndStepsGrace"/> after every job became terminal. Same timing as a job's stream.
/// </summary>
public sealed class BatchEventStream(Guid batchId) : PolledEventStream<BatchEventStream.State, BatchView>
{
    /// <summary>One read: the batch and its jobs.</summary>
    public sealed record State(Batch Batch, IReadOnlyList<Job> Jobs);

    protected override string EventName => "batch";

    protected override async Task<State?> ReadAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var batches = services.GetRequiredService<BatchStore>();
        var batch = await batches.FindAsync(batchId, cancellationToken);
        if (batch is null) return null;
        return new State(batch, await batches.ListJobsAsync(batchId, cancellationToken));
    }

    /// <summary>What the view shows, without the signed URL (it changes on every read).</summary>
    protected override string Fingerprint(State state)
    {
        var text = new StringBuilder($"{state.Batch.ArchiveKey}|{state.Batch.EndStepsDoneAt?.Ticks}");
        foreach (var job in state.Jobs) text.Append($"|{job.Id}:{job.Status}");
        return text.ToString();
    }

    protected override bool IsTerminal(State state) => BatchProgress.Of(state.Jobs).IsTerminal;

    protected override bool EndStepsDone(State state) => state.Batch.EndStepsDoneAt is not null;

    protected override Task<BatchView> BuildViewAsync(IServiceProvider services, State state, HttpRequest request, CancellationToken cancellationToken) =>
        services.GetRequiredService<BatchViewBuilder>().BuildAsync(state.Batch, state.Jobs, request, cancellationToken);
}
