using Microsoft.Extensions.Options;
using PixTools.Operations.Denoise;
using PixTools.Queue;

namespace PixTools.Worker;

/// <summary>
/// Loads the denoise model at start in a process whose workers consume the <c>ml</c> queue, so a missing or
/// broken model file stops the start with its name rather than failing the first denoise job. Other processes
/// (an api, a standard-only worker) never load it. The session is freed with the container at stop.
/// </summary>
public sealed class DenoiseModelLoader(DenoiseModel model, IOptions<WorkerOptions> workers) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (workers.Value.QueueList.Contains(QueueNames.Ml)) model.EnsureLoaded();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
