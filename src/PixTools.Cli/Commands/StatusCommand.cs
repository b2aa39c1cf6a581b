using System.CommandLine;
using System.Net;
using System.Text.Json;
using PixTools.Cli.Client;
using Spectre.Console;

namespace PixTools.Cli.Commands;

/// <summary><c>pixtools status ID</c>: a job (GET /api/jobs/{id}) or, when no job has that id, a batch (GET /api/batches/{id}).</summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("ID") { Description = "A job id or a batch id" };
        var server = new ServerOptions();
        var command = new Command("status", "Show where a job or a batch stands");
        command.Arguments.Add(id);
        server.AddTo(command);
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(id)!.Trim(), server, result, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string id, ServerOptions serverOptions, ParseResult result, CancellationToken cancellationToken)
    {
        var (connection, serverError) = serverOptions.Resolve(result);
        if (connection is null) return ExitCodes.Fail(serverError!);
        using var client = new PixToolsClient(connection);
        try
        {
            var escaped = Uri.EscapeDataString(id);
            var (status, body) = await client.GetJsonAsync($"api/jobs/{escaped}", cancellationToken);
            var kind = "job";
            if (status is HttpStatusCode.NotFound or HttpStatusCode.BadRequest)
            {
                var (batchStatus, batchBody) = await client.GetJsonAsync($"api/batches/{escaped}", cancellationToken);
                if (batchStatus == HttpStatusCode.OK) (status, body, kind) = (batchStatus, batchBody, "batch");
            }
            if (status != HttpStatusCode.OK)
            {
                Console.Error.WriteLine(status == HttpStatusCode.BadRequest
                    ? $"'{id}' is not a job or batch id (they look like 0192f0c4-8b1e-7c3a-9d2e-4f5a6b7c8d9e)."
                    : $"The server has no job or batch with the id {id} (it may have expired).");
                return ExitCodes.SomeFailed;
            }
            if (result.GetValue(serverOptions.Json)) Console.Out.WriteLine(JsonSerializer.Serialize(body, new JsonSerializerOptions { WriteIndented = true }));
            else Print(kind, body);
            return ExitCodes.Ok;
        }
        catch (CliException e)
        {
            return ExitCodes.Fail(e.Message);
        }
    }

    /// <summary>The answer's fields as rows: plain values as they are, lists and objects one entry per line.</summary>
    private static void Print(string kind, JsonElement body)
    {
        var table = new Table().Title(kind).AddColumns("field", "value");
        foreach (var field in body.EnumerateObject())
        {
            table.AddRow(Markup.Escape(field.Name), Markup.Escape(Describe(field.Value)));
        }
        AnsiConsole.Write(table);
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => value.EnumerateObject().Any()
            ? string.Join("\n", value.EnumerateObject().Select(p => $"{p.Name}: {Inline(p.Value)}"))
            : "",
        JsonValueKind.Array => string.Join("\n", value.EnumerateArray().Select(Inline)),
        JsonValueKind.Null => "",
        _ => MetadataCommand.Text(value),
    };

    private static string Inline(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => string.Join(", ", value.EnumerateObject().Select(p => $"{p.Name}={MetadataCommand.Text(p.Value)}")),
        JsonValueKind.String => value.GetString()!,
        _ => value.GetRawText(),
    };
}
