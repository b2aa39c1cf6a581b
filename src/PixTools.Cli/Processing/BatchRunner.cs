using PixTools.Cli.Client;
using PixTools.Cli.Files;
using PixTools.Cli.Output;

namespace PixTools.Cli.Processing;

/// <summary>Runs the sources through a <see cref="FileProcessor"/>, <c>concurrency</c> at a time; a fatal failure (server gone, key refused) stops the run.</summary>
public static class BatchRunner
{
    public static async Task<IReadOnlyList<FileOutcome>> RunAsync(
        IReadOnlyList<SourceFile> sources, FileProcessor processor, int concurrency, IProgressSink sink, CancellationToken cancellationToken)
    {
        var outcomes = new FileOutcome?[sources.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, sources.Count), parallel, async (index, token) =>
        {
            var outcome = await processor.ProcessAsync(sources[index], token);
            outcomes[index] = outcome;
            sink.Completed(outcome);
        });
        return outcomes.Select(o => o!).ToList();
    }
}
