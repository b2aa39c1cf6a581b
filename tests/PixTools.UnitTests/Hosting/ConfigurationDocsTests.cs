using System.Reflection;

namespace PixTools.UnitTests.Hosting;

/// <summary>docs/configuration.md lists every setting: each public property of every options class, under its section.</summary>
public sealed class ConfigurationDocsTests
{
    private static readonly string Docs = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "configuration.md"));

    public static TheoryData<string> SettingKeys()
    {
        var data = new TheoryData<string>();
        foreach (var key in AllKeys()) data.Add(key);
        return data;
    }

    /// <summary>Every settings key the program reads through an options class (<c>Storage:S3:Bucket</c>).</summary>
    internal static IEnumerable<string> AllKeys() =>
        typeof(Program).Assembly.GetTypes()
            .Where(t => t.Name.EndsWith("Options", StringComparison.Ordinal) && t.GetField("Section", BindingFlags.Public | BindingFlags.Static) is not null)
            .SelectMany(type => KeysOf(type, (string)type.GetField("Section")!.GetValue(null)!));

    [Theory]
    [MemberData(nameof(SettingKeys))]
    public void EverySettingIsDocumentedWithItsEnvironmentVariable(string key)
    {
        Assert.Contains($"`{key}`", Docs);
        Assert.Contains($"`PIXTOOLS_{key.Replace(":", "__").ToUpperInvariant()}`", Docs);
    }

    private static IEnumerable<string> KeysOf(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var key = $"{prefix}:{property.Name}";
            var nested = property.PropertyType;
            if (nested.IsClass && nested != typeof(string) && nested.Name.EndsWith("Options", StringComparison.Ordinal))
            {
                foreach (var inner in KeysOf(nested, key)) yield return inner;
            }
            else
            {
                yield return key;
            }
        }
    }
}
