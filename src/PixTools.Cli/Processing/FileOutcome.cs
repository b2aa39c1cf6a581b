using PixTools.Cli.Files;

namespace PixTools.Cli.Processing;

public enum OutcomeKind
{
    Done,
    Skipped,
    Failed,
}

/// <summary>What became of one source: done (outputs written), skipped (done before, or nothing to make) or failed (with why).</summary>
public sealed record FileOutcome(
    SourceFile Source,
    OutcomeKind Kind,
    long BytesIn,
    IReadOnlyList<OutputFile> Outputs,
    Guid? JobId,
    string? Reason,
    TimeSpan Elapsed)
{
    public long BytesOut => Outputs.Sum(o => o.Bytes);
}
