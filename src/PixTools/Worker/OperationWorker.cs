using Microsoft.Extensions.Options;
using PixTools.Queue;

namespace PixTools.Worker;

/// <summary>Consumes the configured queues, each with its own concurrency, and hands every delivery to <see cref="OperationHandler"/>.</summary>
public sealed class OperationWorker(IWorkQueue queue, OperationHandler handler, IOptions<WorkerOptions> options) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        return Task.WhenAll(settings.QueueList.Select(name =>
            queue.ConsumeAsync(name, name == QueueNames.Ml ? settings.MlConcurrency : settings.StandardConcurrency, handler.HandleAsync, stoppingToken)));
    }
}
