using System.Globalization;
using PixTools.Cli.Processing;

namespace PixTools.Cli.Output;

/// <summary>One line per finished file, for logs and pipes (and on stderr under --json, so stdout stays JSON).</summary>
public sealed class PlainProgress(TextWriter writer) : IProgressSink
{
    private readonly Lock gate = new();

    public void Completed(FileOutcome outcome)
    {
        var line = outcome.Kind switch
        {
            OutcomeKind.Done => string.Create(CultureInfo.InvariantCulture,
                $"done    {outcome.Source.RelativePath}: {Sizes.Human(outcome.BytesIn)} -> {string.Join(", ", outcome.Outputs.Select(o => $"{o.Path} {Sizes.Human(o.Bytes)}"))} ({Sizes.Duration(outcome.Elapsed)}){(outcome.Reason is null ? "" : "; " + outcome.Reason)}"),
            OutcomeKind.Skipped => $"skipped {outcome.Source.RelativePath}: {outcome.Reason}",
            _ => $"FAILED  {outcome.Source.RelativePath}: {outcome.Reason}",
        };
        Write(line);
    }

    public void Notice(string sentence) => Write("note    " + sentence);

    private void Write(string line)
    {
        lock (gate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }
}
