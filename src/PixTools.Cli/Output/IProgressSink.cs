using PixTools.Cli.Processing;

namespace PixTools.Cli.Output;

/// <summary>Where a run reports each finished file and the client's notices (retries).</summary>
public interface IProgressSink
{
    void Completed(FileOutcome outcome);

    void Notice(string sentence);
}
