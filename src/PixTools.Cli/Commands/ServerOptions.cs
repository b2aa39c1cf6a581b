using System.CommandLine;
using PixTools.Cli.Client;

namespace PixTools.Cli.Commands;

/// <summary>--server, --api-key and --json, on every command.</summary>
public sealed class ServerOptions
{
    public Option<string?> Server { get; } = new("--server") { Description = $"The PixTools server (else ${ServerConnection.UrlVariable}, else {ServerConnection.DefaultUrl})" };

    public Option<string?> ApiKey { get; } = new("--api-key") { Description = $"The server's API key, when it wants one (else ${ServerConnection.ApiKeyVariable})" };

    public Option<bool> Json { get; } = new("--json") { Description = "Print a machine-readable JSON summary on stdout" };

    public void AddTo(Command command)
    {
        command.Options.Add(Server);
        command.Options.Add(ApiKey);
        command.Options.Add(Json);
    }

    public (ServerConnection? Connection, string? Error) Resolve(ParseResult result) =>
        ServerConnection.Resolve(result.GetValue(Server), result.GetValue(ApiKey));
}
