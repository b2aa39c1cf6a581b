using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using PixTools.Cli.Client;
using PixTools.Cli.Files;
using PixTools.Cli.Processing;
using PixTools.Cli.Requests;
using Spectre.Console;

namespace PixTools.Cli.Commands;

/// <summary><c>pixtools metadata FILE...</c>: each photo's EXIF summary, read by the server's metadata operation.</summary>
public static class MetadataCommand
{
    private static readonly SubmitPlan MetadataPlan = new([new("operations", """["metadata"]""")], [], []);

    public static Command Create()
    {
        var files = new Argument<string[]>("FILE") { Description = "Image files", Arity = ArgumentArity.OneOrMore };
        var concurrency = new Option<int>("--concurrency", "-j") { Description = "Files in flight at once", DefaultValueFactory = _ => 8 };
        var server = new ServerOptions();
        var command = new Command("metadata", "Show the EXIF summary of photos (camera, lens, exposure, date, GPS)");
        command.Arguments.Add(files);
        command.Options.Add(concurrency);
        server.AddTo(command);
        command.SetAction((result, cancellationToken) =>
            RunAsync(result.GetValue(files)!, Math.Max(1, result.GetValue(concurrency)), server, result, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string[] files, int concurrency, ServerOptions serverOptions, ParseResult result, CancellationToken cancellationToken)
    {
        var (connection, serverError) = serverOptions.Resolve(result);
        if (connection is null) return ExitCodes.Fail(serverError!);
        var missing = files.Where(f => !File.Exists(f)).ToList();
        if (missing.Count > 0) return ExitCodes.Fail($"Not found: {string.Join(", ", missing)}.");

        using var client = new PixToolsClient(connection);
        var answers = new (JobState? Job, string? Error)[files.Length];
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, files.Length), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
                async (index, token) => answers[index] = await ReadAsync(client, files[index], token));
        }
        catch (CliException e) when (e.Fatal)
        {
            return ExitCodes.Fail(e.Message);
        }

        if (result.GetValue(serverOptions.Json))
        {
            var json = files.Select((file, i) => new
            {
                File = file,
                JobId = answers[i].Job?.JobId,
                Metadata = answers[i].Job?.Metadata is { ValueKind: JsonValueKind.Object } metadata ? metadata : (JsonElement?)null,
                Error = answers[i].Error,
            });
            Console.Out.WriteLine(JsonSerializer.Serialize(json, RunSummary.Json));
        }
        else
        {
            for (var i = 0; i < files.Length; i++) Print(files[i], answers[i].Job, answers[i].Error);
        }
        return answers.Any(a => a.Error is not null) ? ExitCodes.SomeFailed : ExitCodes.Ok;
    }

    private static async Task<(JobState?, string?)> ReadAsync(PixToolsClient client, string file, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await File.ReadAllBytesAsync(file, cancellationToken);
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
            var jobId = await client.SubmitAsync(bytes, Path.GetFileName(file), ImageSniffer.ContentType(ImageSniffer.Sniff(bytes), file),
                MetadataPlan, FileProcessor.IdempotencyKey(sha256, MetadataPlan), cancellationToken);
            var job = await client.WaitAsync(jobId, cancellationToken);
            return job.Succeeded ? (job, null) : (job, job.ErrorMessage ?? "the server could not read it");
        }
        catch (CliException e) when (!e.Fatal)
        {
            return (null, e.Message);
        }
    }

    private static void Print(string file, JobState? job, string? error)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(file)}[/]");
        var table = new Table().AddColumns("tag", "value");
        if (error is not null)
        {
            table.AddRow("[red]error[/]", Markup.Escape(error));
        }
        else if (job!.Metadata is { ValueKind: JsonValueKind.Object } metadata && metadata.EnumerateObject().Any())
        {
            foreach (var tag in metadata.EnumerateObject()) table.AddRow(Markup.Escape(tag.Name), Markup.Escape(Text(tag.Value)));
        }
        else
        {
            table.AddRow("", "no EXIF data");
        }
        AnsiConsole.Write(table);
    }

    /// <summary>A value as a person reads it; GPS as "latitude, longitude".</summary>
    public static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Object when value.TryGetProperty("latitude", out var lat) && value.TryGetProperty("longitude", out var lon) =>
            string.Create(CultureInfo.InvariantCulture, $"{lat.GetDouble()}, {lon.GetDouble()}"),
        _ => value.GetRawText(),
    };
}
