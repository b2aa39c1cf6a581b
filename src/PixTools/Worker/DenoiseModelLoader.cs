using Microsoft.Extensions.Options;
using PixTools.Operations;
using PixTools.Operations.Denoise;
using PixTools.Operations.Vips;
using PixTools.Queue;

namespace PixTools.Worker;

/// <summary>
/// In a process whose workers consume the <c>ml</c> queue, makes the denoise model ready at start as
/// <c>Denoise:Load</c> says (<see cref="LoadsAtStart"/>): loaded and checked, so a broken model file stops the start
/// with its name rather than failing the first denoise job; or, where the process also converts, only its files'
/// presence checked, the sessions left to the first denoise job (ONNX Runtime and the model hold ~27 MiB once loaded).
/// Other processes (an api, a standard-only worker) never load it. The session is freed with the container at stop.
/// It loads on a low-priority thread (<see cref="BackgroundCpu"/>): ONNX Runtime starts its own threads there, and
/// they keep that priority.
/// </summary>
public sealed class DenoiseModelLoader(
    DenoiseModel model, IOptions<DenoiseOptions> denoise, IOptions<WorkerOptions> workers, IOptions<ImagingOptions> imaging) : IHostedService
{
    /// <summary>
    /// Whether a process consuming <paramref name="queues"/> loads the model at start: never without <c>ml</c>; with it,
    /// always for <see cref="DenoiseModelLoad.AtStart"/>, never for <see cref="DenoiseModelLoad.OnFirstUse"/>, and for
    /// <see cref="DenoiseModelLoad.Auto"/> only where the process does not also consume <c>standard</c>.
    /// </summary>
    public static bool LoadsAtStart(DenoiseModelLoad load, IReadOnlyList<string> queues) =>
        queues.Contains(QueueNames.Ml) && load switch
        {
            DenoiseModelLoad.AtStart => true,
            DenoiseModelLoad.OnFirstUse => false,
            _ => !queues.Contains(QueueNames.Standard),
        };

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var queues = workers.Value.QueueList;
        if (!queues.Contains(QueueNames.Ml)) return;
        if (!LoadsAtStart(denoise.Value.Load, queues))
        {
            model.CheckFilesExist();
            return;
        }
        await BackgroundCpu.RunAsync(() =>
        {
            model.EnsureLoaded();
            return true;
        }, imaging.Value.WorkNice, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
