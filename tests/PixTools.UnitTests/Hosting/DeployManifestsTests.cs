using YamlDotNet.RepresentationModel;

namespace PixTools.UnitTests.Hosting;

/// <summary>deploy/: every YAML file parses, and every PIXTOOLS_ variable it sets is one the program reads.</summary>
public sealed class DeployManifestsTests
{
    private static readonly string Deploy = Path.Combine(RepositoryPaths.Root, "deploy");

    /// <summary>What the program reads: each options key as its variable, plus the two read outside options classes.</summary>
    private static readonly HashSet<string> Readable =
    [
        .. ConfigurationDocsTests.AllKeys().Select(key => "PIXTOOLS_" + key.Replace(":", "__").ToUpperInvariant()),
        "PIXTOOLS_ROLE",
        "PIXTOOLS_URLS",
    ];

    public static TheoryData<string> YamlFiles() => new(Files());

    private static IEnumerable<string> Files() =>
        Directory.GetFiles(Deploy, "*.y*ml", SearchOption.AllDirectories).Order().Select(file => Path.GetRelativePath(Deploy, file));

    private static IEnumerable<string> VariablesOf(string file)
    {
        var stream = new YamlStream();
        using (var reader = File.OpenText(Path.Combine(Deploy, file))) stream.Load(reader);
        Assert.NotEmpty(stream.Documents);
        return stream.Documents.SelectMany(d => VariablesIn(d.RootNode)).Distinct().ToList();
    }

    [Theory]
    [MemberData(nameof(YamlFiles))]
    public void EveryVariableSetIsOneTheProgramReads(string file)
    {
        Assert.All(VariablesOf(file), variable => Assert.True(Readable.Contains(variable), $"{file} sets {variable}, which PixTools does not read"));
    }

    [Fact]
    public void TheManifestsSetVariablesAtAll()
    {
        var all = Files().SelectMany(VariablesOf).ToHashSet();
        Assert.Contains("PIXTOOLS_ROLE", all);
        Assert.Contains("PIXTOOLS_QUEUE__RABBITMQ__URI", all);
        Assert.Contains("PIXTOOLS_WORKER__QUEUES", all);
    }

    [Fact]
    public void TheImageRunsAsANonRootUserWithAHealthCheck()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Deploy, "Dockerfile"));
        Assert.Contains("USER $APP_UID", dockerfile);
        Assert.Contains("HEALTHCHECK", dockerfile);
        Assert.Contains("/api/livez", dockerfile);
    }

    /// <summary>Mapping keys (compose environment, ConfigMap data) and <c>name:</c> values (pod env) that look like PIXTOOLS_ variables.</summary>
    private static IEnumerable<string> VariablesIn(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is YamlScalarNode { Value: { } name } && name.StartsWith("PIXTOOLS_", StringComparison.Ordinal)) yield return name;
                    if (key is YamlScalarNode { Value: "name" or "key" } && value is YamlScalarNode { Value: { } text } && text.StartsWith("PIXTOOLS_", StringComparison.Ordinal)) yield return text;
                    foreach (var inner in VariablesIn(value)) yield return inner;
                }
                break;
            case YamlSequenceNode sequence:
                foreach (var item in sequence.Children.SelectMany(VariablesIn)) yield return item;
                break;
        }
    }
}
