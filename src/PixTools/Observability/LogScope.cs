using System.Collections;
using System.Globalization;

namespace PixTools.Observability;

/// <summary>
/// A logging scope of named values (<c>JobId</c>, <c>RequestId</c>, <c>Operation</c>): each value is a field of the
/// structured line, and the scope's text reads as the framework's own scopes do (<c>JobId:…, RequestId:…</c>), not as
/// a collection's type name.
/// </summary>
public sealed class LogScope(params KeyValuePair<string, object?>[] values) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public static LogScope Of(string key, object? value) => new(new KeyValuePair<string, object?>(key, value));

    public KeyValuePair<string, object?> this[int index] => values[index];

    public int Count => values.Length;

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() =>
        string.Join(", ", values.Where(v => v.Value is not null).Select(v => string.Create(CultureInfo.InvariantCulture, $"{v.Key}:{v.Value}")));
}
