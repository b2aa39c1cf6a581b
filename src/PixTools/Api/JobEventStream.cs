using System.Text;
using PixTools.Jobs;
using PixTools.Jobs.Views;

namespace PixTools.Api;

/// <summary>The event stream of one job (<c>event: job</c>), written as the job changes until it has ended or the client goes away.</summary>
public sealed class JobEventStream(Guid jobId) : PolledEventStream<Job, JobView>
{
    protected override string EventName => "job";

    protected override Task<Job?> ReadAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<JobStore>().FindAsync(jobId, cancellationToken);

    /// <summary>What the page shows, without the signed URLs (they change on every read).</summary>
    protected override string Fingerprint(Job state)
    {
        var text = new StringBuilder($"{state.Status}|{state.ArchiveKey}|{state.ErrorMessage}|{state.MetadataJson?.Length}|{state.EndStepsDoneAt?.Ticks}");
        foreach (var run in state.Runs.OrderBy(r => r.Operation, StringComparer.Ordinal))
        {
            text.Append($"|{run.Operation}:{run.Status}:{run.ResultBytes}:{run.ErrorMessage}");
        }
        return text.ToString();
    }

    protected override bool IsTerminal(Job state) => state.Status.IsTerminal();

    protected override bool EndStepsDone(Job state) => state.EndStepsDoneAt is not null;

    protected override Task<JobView> BuildViewAsync(IServiceProvider services, Job state, HttpRequest request, CancellationToken cancellationToken) =>
        services.GetRequiredService<JobViewBuilder>().BuildAsync(state, request, cancellationToken);
}
