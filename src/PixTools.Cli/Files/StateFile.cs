using System.Text.Json;
using System.Text.Json.Serialization;

namespace PixTools.Cli.Files;

/// <summary>
/// What earlier runs finished, in OUT/.pixtools-state.json: per source (relative path) the hash of its bytes, the
/// request it was sent with and the outputs written. A source is done when all three still match, so a re-run
/// skips it, and an edited photo or other options make it run again. Each finished file is appended at once to a
/// journal beside it (OUT/.pixtools-state.jsonl, one JSON line per file), so a run that is stopped loses nothing it
/// had finished; the journal is folded into the state file (written beside it, then moved) once it holds as many
/// lines as the state has entries (at least <see cref="MinJournalLines"/>), so the bytes written grow with the number
/// of files, not with its square (rewriting the whole state after every file wrote gigabytes for a 10,000-photo folder).
/// </summary>
public sealed class StateFile
{
    public const string FileName = ".pixtools-state.json";

    public const string JournalName = ".pixtools-state.jsonl";

    /// <summary>Journal lines below which the journal is never folded into the state file.</summary>
    public const int MinJournalLines = 256;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private static readonly JsonSerializerOptions Line = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private readonly string path;
    private readonly string journal;
    private readonly Dictionary<string, StateEntry> entries;
    private readonly SemaphoreSlim gate = new(1, 1);
    private int journalLines;

    private StateFile(string path, Dictionary<string, StateEntry> entries, int journalLines)
    {
        this.path = path;
        journal = Path.Combine(Path.GetDirectoryName(path)!, JournalName);
        this.entries = entries;
        this.journalLines = journalLines;
    }

    public static StateFile Open(string outputRoot)
    {
        var path = Path.Combine(outputRoot, FileName);
        var entries = new Dictionary<string, StateEntry>(StringComparer.Ordinal);
        if (File.Exists(path))
        {
            try
            {
                var saved = JsonSerializer.Deserialize<SavedState>(File.ReadAllText(path), Json);
                foreach (var (source, entry) in saved?.Entries ?? new Dictionary<string, StateEntry>()) entries[source] = entry;
            }
            catch (JsonException)
            {
                // A damaged state file only costs a re-run of what it listed: the server's idempotency answers quickly.
            }
        }
        var lines = 0;
        var journalPath = Path.Combine(outputRoot, JournalName);
        if (File.Exists(journalPath))
        {
            foreach (var line in File.ReadLines(journalPath))
            {
                lines++;
                try
                {
                    if (JsonSerializer.Deserialize<JournalLine>(line, Line) is { Source: { } source, Entry: { } entry }) entries[source] = entry;
                }
                catch (JsonException)
                {
                    // A line cut short by a crash mid-write: that file is simply done again.
                }
            }
        }
        return new StateFile(path, entries, lines);
    }

    /// <summary>The earlier result when the same bytes were sent with the same request and every output is still there.</summary>
    public StateEntry? Done(string source, string sha256, string signature, OutputLayout layout)
    {
        lock (entries)
        {
            if (!entries.TryGetValue(source, out var entry) || entry.Sha256 != sha256 || entry.Signature != signature) return null;
            return entry.Outputs.All(o => File.Exists(layout.FullPath(o.Path))) ? entry : null;
        }
    }

    /// <summary>How many journal lines are waiting to be folded into the state file.</summary>
    public int JournalLines => journalLines;

    public async Task RecordAsync(string source, StateEntry entry, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            int count;
            lock (entries)
            {
                entries[source] = entry;
                count = entries.Count;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.AppendAllTextAsync(journal, JsonSerializer.Serialize(new JournalLine(source, entry), Line) + "\n", CancellationToken.None);
            if (++journalLines >= Math.Max(MinJournalLines, count)) await FoldAsync();
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Writes every entry to the state file (beside it, then moved) and empties the journal.</summary>
    private async Task FoldAsync()
    {
        string text;
        lock (entries) text = JsonSerializer.Serialize(new SavedState(1, new SortedDictionary<string, StateEntry>(entries, StringComparer.Ordinal)), Json);
        var partial = path + ".part";
        await File.WriteAllTextAsync(partial, text, CancellationToken.None);
        File.Move(partial, path, overwrite: true);
        File.Delete(journal);
        journalLines = 0;
    }

    private sealed record SavedState(int Version, IDictionary<string, StateEntry> Entries);

    private sealed record JournalLine(string Source, StateEntry Entry);
}

public sealed record StateEntry(
    string Sha256,
    string Signature,
    Guid JobId,
    long BytesIn,
    IReadOnlyList<OutputFile> Outputs,
    [property: JsonPropertyName("finished_at")] DateTimeOffset FinishedAt);

/// <summary>One written output: its path relative to OUT, its format and size.</summary>
public sealed record OutputFile(string Path, string Format, long Bytes);
