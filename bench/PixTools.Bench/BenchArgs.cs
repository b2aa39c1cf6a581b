using System.Globalization;

namespace PixTools.Bench;

/// <summary>The command line after the command name: <c>--name value</c> pairs, a name given again adds a value.</summary>
internal sealed class BenchArgs
{
    private readonly Dictionary<string, List<string>> values = new(StringComparer.Ordinal);

    public static BenchArgs Parse(IEnumerable<string> args)
    {
        var parsed = new BenchArgs();
        string? name = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (name is not null) parsed.Add(name, "true");
                name = arg[2..];
            }
            else if (name is not null)
            {
                parsed.Add(name, arg);
                name = null;
            }
            else
            {
                throw new ArgumentException($"unexpected argument '{arg}': options are --name value");
            }
        }
        if (name is not null) parsed.Add(name, "true");
        return parsed;
    }

    public IReadOnlyList<string> All(string name) => values.TryGetValue(name, out var list) ? list : [];

    public string? String(string name) => values.TryGetValue(name, out var list) ? list[^1] : null;

    public bool Flag(string name) => String(name) == "true";

    public int Int(string name, int fallback) => String(name) is { } text
        ? int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture)
        : fallback;

    private void Add(string name, string value)
    {
        if (!values.TryGetValue(name, out var list)) values[name] = list = [];
        list.Add(value);
    }
}
