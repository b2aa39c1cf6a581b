using Microsoft.Extensions.Options;
using PixTools.Operations;
using PixTools.Operations.Denoise;
using PixTools.Operations.Vips;
using PixTools.Queue;

namespace PixTools.Worker;

/// <summary>
/// Loads the denoise model at start in a process whose workers consume the <c>ml</c> queue, so a missing or
/// broken model file stops the start with its name rather than failing the first denoise job. Other processes
/// (an api, a standard-only worker) never load it. The session is freed with the container at stop. It loads on a
/// low-priority thread (<see cref="BackgroundCpu"/>): ONNX Runtime starts its own threads there, and they keep that priority.
/// </summary>
public sealed class DenoiseModelLoader(DenoiseModel model, IOptions<WorkerOptions> workers, IOptions<ImagingOptions> imaging) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!workers.Value.QueueList.Contains(QueueNames.Ml)) return;
        await BackgroundCpu.RunAsync(() =>
        {
            model.EnsureLoaded();
            return true;
        }, imaging.Value.WorkNice, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
