using System.CommandLine;
using System.Diagnostics;
using System.Threading.Channels;
using PixTools.Cli.Client;
using PixTools.Cli.Files;
using PixTools.Cli.Output;
using PixTools.Cli.Processing;
using PixTools.Cli.Watching;
using Spectre.Console;

namespace PixTools.Cli.Commands;

/// <summary><c>pixtools watch DIR --to webp</c>: processes images as they land in DIR (once they stop growing) until Ctrl-C, then prints the summary.</summary>
public static class WatchCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("DIR") { Description = "The folder to watch" };
        var settle = new Option<double>("--settle") { Description = "Seconds a file must stop growing before it is sent", DefaultValueFactory = _ => 1.0 };
        var server = new ServerOptions();
        var conversion = new ConversionOptionSet();
        var command = new Command("watch", "Process images as they appear in a folder, until Ctrl-C (files already there and not yet done too)");
        command.Arguments.Add(folder);
        conversion.AddTo(command);
        command.Options.Add(settle);
        server.AddTo(command);
        command.SetAction((result, cancellationToken) =>
            RunAsync(result.GetValue(folder)!, TimeSpan.FromSeconds(Math.Max(0, result.GetValue(settle))), conversion, server, result, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string folder, TimeSpan settle, ConversionOptionSet conversion, ServerOptions serverOptions, ParseResult result, CancellationToken cancellationToken)
    {
        var (options, optionsError) = conversion.Read(result);
        if (options is null) return ExitCodes.Fail(optionsError!);
        var (connection, serverError) = serverOptions.Resolve(result);
        if (connection is null) return ExitCodes.Fail(serverError!);
        if (!Directory.Exists(folder)) return ExitCodes.Fail($"Not found: the folder {folder}.");
        var json = result.GetValue(serverOptions.Json);
        var layout = new OutputLayout(result.GetValue(conversion.Out)!);
        var watcher = new FolderWatcher(folder, result.GetValue(conversion.Recursive), layout.Root, settle);

        using var client = new PixToolsClient(connection);
        var processor = new FileProcessor(client, options, layout, StateFile.Open(layout.Root));
        var sink = new PlainProgress(json ? Console.Error : Console.Out);
        client.Retrying += sink.Notice;
        Console.Error.WriteLine($"Watching {watcher.Root} (results in {layout.Root}); Ctrl-C to stop.");

        var clock = Stopwatch.StartNew();
        var outcomes = new List<FileOutcome>();
        var queue = Channel.CreateUnbounded<SourceFile>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var workers = Enumerable.Range(0, result.GetValue(conversion.Concurrency)).Select(_ => Task.Run(async () =>
        {
            await foreach (var source in queue.Reader.ReadAllAsync(stop.Token))
            {
                var outcome = await processor.ProcessAsync(source, stop.Token);
                lock (outcomes) outcomes.Add(outcome);
                sink.Completed(outcome);
            }
        })).ToList();

        string? fatal = null;
        try
        {
            var feeding = Feed(watcher, queue.Writer, stop.Token);
            var ended = await Task.WhenAny(workers.Append(feeding));
            await ended; // a worker only ends early with a fatal failure: it surfaces here
        }
        catch (CliException e) when (e.Fatal)
        {
            fatal = e.Message;
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C
        }
        await stop.CancelAsync();
        try
        {
            await Task.WhenAll(workers);
        }
        catch (Exception e) when (e is OperationCanceledException or CliException)
        {
            // the files in flight when stopping are not recorded, and run again next time
        }

        var summary = new RunSummary(outcomes, clock.Elapsed, client.Retries, connection.BaseAddress);
        if (json) Console.Out.WriteLine(summary.ToJson());
        else SummaryPrinter.Print(AnsiConsole.Console, summary);
        if (fatal is not null) return ExitCodes.Fail(fatal);
        return summary.Count(OutcomeKind.Failed) > 0 ? ExitCodes.SomeFailed : ExitCodes.Ok;
    }

    private static async Task Feed(FolderWatcher watcher, ChannelWriter<SourceFile> writer, CancellationToken cancellationToken)
    {
        await foreach (var source in watcher.WatchAsync(cancellationToken)) await writer.WriteAsync(source, cancellationToken);
        writer.TryComplete();
        cancellationToken.ThrowIfCancellationRequested();
    }
}
