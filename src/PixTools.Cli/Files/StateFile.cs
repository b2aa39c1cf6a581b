using System.Text.Json;
using System.Text.Json.Serialization;

namespace PixTools.Cli.Files;

/// <summary>
/// What earlier runs finished, in OUT/.pixtools-state.json: per source (relative path) the hash of its bytes, the
/// request it was sent with and the outputs written. A source is done when all three still match, so a re-run
/// skips it, and an edited photo or other options make it run again. Saved after every finished file (written
/// beside it, then moved), so a run that is stopped loses nothing it had finished.
/// </summary>
public sealed class StateFile
{
    public const string FileName = ".pixtools-state.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private readonly string path;
    private readonly Dictionary<string, StateEntry> entries;
    private readonly SemaphoreSlim gate = new(1, 1);

    private StateFile(string path, Dictionary<string, StateEntry> entries)
    {
        this.path = path;
        this.entries = entries;
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
        return new StateFile(path, entries);
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

    public async Task RecordAsync(string source, StateEntry entry, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            string text;
            lock (entries)
            {
                entries[source] = entry;
                text = JsonSerializer.Serialize(new SavedState(1, new SortedDictionary<string, StateEntry>(entries, StringComparer.Ordinal)), Json);
            }
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var partial = path + ".part";
            await File.WriteAllTextAsync(partial, text, CancellationToken.None);
            File.Move(partial, path, overwrite: true);
        }
        finally
        {
            gate.Release();
        }
    }

    private sealed record SavedState(int Version, IDictionary<string, StateEntry> Entries);
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
