namespace PixTools.Cli.Client;

/// <summary>Where the server is and the key it wants: --server/--api-key, else PIXTOOLS_URL/PIXTOOLS_API_KEY, else http://localhost:8000.</summary>
public sealed record ServerConnection(Uri BaseAddress, string? ApiKey)
{
    public const string DefaultUrl = "http://localhost:8000";
    public const string UrlVariable = "PIXTOOLS_URL";
    public const string ApiKeyVariable = "PIXTOOLS_API_KEY";

    public static (ServerConnection? Connection, string? Error) Resolve(string? server, string? apiKey)
    {
        var url = FirstSet(server, Environment.GetEnvironmentVariable(UrlVariable)) ?? DefaultUrl;
        if (!Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return (null, $"The server address '{url}' is not an http:// or https:// URL.");
        }
        return (new ServerConnection(uri, FirstSet(apiKey, Environment.GetEnvironmentVariable(ApiKeyVariable))), null);
    }

    private static string? FirstSet(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
}
