using System.Security.Cryptography;

namespace PixTools.Operations.Vips;

/// <summary>
/// The last few HEIC decodes of this process, kept a short while, so that the outputs of one upload (a thumbnail, a
/// full size and a JPEG of the same iPhone photo: each output is an operation of its own) run the HEVC decoder once
/// between them instead of once each. Outputs that ask at the same time wait for the one decode. A failed decode is
/// not kept; a picture larger than the budget is handed to those waiting for it and not kept either.
/// </summary>
internal sealed class RecentDecodes(long maxBytes, TimeSpan lifetime, TimeProvider clock)
{
    private const int MaxEntries = 4;
    private readonly Lock _gate = new();
    private readonly List<Entry> _entries = [];

    private sealed record Entry(string Key, Lazy<byte[]> Value, DateTimeOffset Added);

    /// <summary>The decode of <paramref name="source"/>, made by <paramref name="decode"/> unless a recent one is kept.</summary>
    public byte[] GetOrDecode(byte[] source, Func<byte[], byte[]> decode)
    {
        if (maxBytes <= 0) return decode(source);
        var key = System.Convert.ToHexString(SHA256.HashData(source));
        Entry entry;
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            _entries.RemoveAll(e => now - e.Added > lifetime);
            entry = _entries.Find(e => e.Key == key) ?? Add(new Entry(key, new Lazy<byte[]>(() => decode(source), LazyThreadSafetyMode.ExecutionAndPublication), now));
        }
        try
        {
            var decoded = entry.Value.Value;
            lock (_gate) ShrinkTo(maxBytes);
            return decoded;
        }
        catch
        {
            lock (_gate) _entries.Remove(entry);
            throw;
        }
    }

    /// <summary>How many decodes are kept now (for tests).</summary>
    public int Count
    {
        get { lock (_gate) return _entries.Count; }
    }

    private Entry Add(Entry entry)
    {
        _entries.Insert(0, entry);
        if (_entries.Count > MaxEntries) _entries.RemoveAt(_entries.Count - 1);
        return entry;
    }

    /// <summary>Drops the oldest finished decodes until the kept bytes fit; a decode still running weighs nothing yet.</summary>
    private void ShrinkTo(long budget)
    {
        long kept = 0;
        for (var i = 0; i < _entries.Count; i++)
        {
            if (!_entries[i].Value.IsValueCreated) continue;
            kept += _entries[i].Value.Value.Length;
            if (kept <= budget) continue;
            kept -= _entries[i].Value.Value.Length;
            _entries.RemoveAt(i--);
        }
    }
}
