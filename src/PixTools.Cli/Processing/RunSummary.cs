using System.Text.Json;
using System.Text.Json.Serialization;

namespace PixTools.Cli.Processing;

/// <summary>The totals of a run, for the final table and --json.</summary>
public sealed class RunSummary(IReadOnlyList<FileOutcome> outcomes, TimeSpan elapsed, int retries, Uri server)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public IReadOnlyList<FileOutcome> Outcomes { get; } = outcomes;

    public TimeSpan Elapsed { get; } = elapsed;

    public int Retries { get; } = retries;

    public IEnumerable<FileOutcome> Done => Outcomes.Where(o => o.Kind == OutcomeKind.Done);

    public IEnumerable<FileOutcome> Failed => Outcomes.Where(o => o.Kind == OutcomeKind.Failed);

    public int Count(OutcomeKind kind) => Outcomes.Count(o => o.Kind == kind);

    public long BytesIn => Done.Sum(o => o.BytesIn);

    public long BytesOut => Done.Sum(o => o.BytesOut);

    /// <summary>Per output format, over the files done in this run: how many, their sources' bytes and the outputs' bytes.</summary>
    public IReadOnlyList<FormatTotal> ByFormat() => Done
        .SelectMany(o => o.Outputs.Select(output => (o.BytesIn, output)))
        .GroupBy(x => x.output.Format)
        .Select(g => new FormatTotal(g.Key, g.Count(), g.Sum(x => x.BytesIn), g.Sum(x => x.output.Bytes)))
        .OrderBy(t => t.Format, StringComparer.Ordinal)
        .ToList();

    public static double? SavedPercent(long bytesIn, long bytesOut) => bytesIn == 0 ? null : Math.Round(100.0 * (bytesIn - bytesOut) / bytesIn, 1);

    public string ToJson() => JsonSerializer.Serialize(new
    {
        Server = server.ToString(),
        Files = Outcomes.Count,
        Processed = Count(OutcomeKind.Done),
        Skipped = Count(OutcomeKind.Skipped),
        Failed = Count(OutcomeKind.Failed),
        BytesIn,
        BytesOut,
        SavedPercent = SavedPercent(BytesIn, BytesOut),
        Seconds = Math.Round(Elapsed.TotalSeconds, 3),
        Retries,
        Formats = ByFormat().Select(f => new { f.Format, f.Files, f.BytesIn, f.BytesOut, SavedPercent = SavedPercent(f.BytesIn, f.BytesOut) }),
        Results = Outcomes.Select(o => new
        {
            Source = o.Source.RelativePath,
            Path = o.Source.FullPath,
            Status = o.Kind,
            o.JobId,
            o.BytesIn,
            o.BytesOut,
            Outputs = o.Outputs.Select(f => new { f.Path, f.Format, f.Bytes }),
            o.Reason,
            Seconds = Math.Round(o.Elapsed.TotalSeconds, 3),
        }),
    }, Json);
}

public sealed record FormatTotal(string Format, int Files, long BytesIn, long BytesOut);
