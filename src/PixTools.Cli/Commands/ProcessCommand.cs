using System.CommandLine;
using System.Diagnostics;
using PixTools.Cli.Client;
using PixTools.Cli.Files;
using PixTools.Cli.Output;
using PixTools.Cli.Processing;
using Spectre.Console;

namespace PixTools.Cli.Commands;

/// <summary><c>pixtools process PATH... --to webp,avif</c>: every image through the server, results mirrored under --out.</summary>
public static class ProcessCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH") { Description = "Image files and folders", Arity = ArgumentArity.OneOrMore };
        var server = new ServerOptions();
        var conversion = new ConversionOptionSet();
        var command = new Command("process", "Convert images and folders of images; re-runs skip what is already done");
        command.Arguments.Add(paths);
        conversion.AddTo(command);
        server.AddTo(command);
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(paths)!, conversion, server, result, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string[] paths, ConversionOptionSet conversion, ServerOptions serverOptions, ParseResult result, CancellationToken cancellationToken)
    {
        var (options, optionsError) = conversion.Read(result);
        if (options is null) return ExitCodes.Fail(optionsError!);
        var (connection, serverError) = serverOptions.Resolve(result);
        if (connection is null) return ExitCodes.Fail(serverError!);
        var json = result.GetValue(serverOptions.Json);
        var layout = new OutputLayout(result.GetValue(conversion.Out)!);
        var (sources, missing) = SourceScanner.Scan(paths, result.GetValue(conversion.Recursive), layout.Root);
        if (missing.Count > 0) return ExitCodes.Fail($"Not found: {string.Join(", ", missing)}.");
        if (sources.Count == 0) Console.Error.WriteLine("No images found (folders are searched for .jpg, .jpeg, .png, .webp, .avif, .tif, .tiff, .gif, .heic and .heif files; add --recursive for subfolders).");
        layout.Claim(sources);

        using var client = new PixToolsClient(connection);
        var processor = new FileProcessor(client, options, layout, StateFile.Open(layout.Root));
        var concurrency = result.GetValue(conversion.Concurrency);
        var clock = Stopwatch.StartNew();
        IReadOnlyList<FileOutcome> outcomes;
        try
        {
            if (!json && !Console.IsOutputRedirected)
            {
                var totalBytes = sources.Sum(s => new FileInfo(s.FullPath).Length);
                outcomes = await LiveProgress.RunAsync(AnsiConsole.Console, sources.Count, totalBytes, sink =>
                {
                    client.Retrying += sink.Notice;
                    return BatchRunner.RunAsync(sources, processor, concurrency, sink, cancellationToken);
                });
            }
            else
            {
                var sink = new PlainProgress(json ? Console.Error : Console.Out);
                client.Retrying += sink.Notice;
                outcomes = await BatchRunner.RunAsync(sources, processor, concurrency, sink, cancellationToken);
            }
        }
        catch (CliException e) when (e.Fatal)
        {
            return ExitCodes.Fail(e.Message + " Files finished before this are recorded; run the same command again to go on.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine("Stopped. Files finished so far are recorded; run the same command again to go on.");
            return ExitCodes.Interrupted;
        }

        var summary = new RunSummary(outcomes, clock.Elapsed, client.Retries, connection.BaseAddress);
        if (json) Console.Out.WriteLine(summary.ToJson());
        else SummaryPrinter.Print(AnsiConsole.Console, summary);
        return summary.Count(OutcomeKind.Failed) > 0 ? ExitCodes.SomeFailed : ExitCodes.Ok;
    }
}
