using PixTools.Cli.Processing;
using Spectre.Console;

namespace PixTools.Cli.Output;

/// <summary>
/// The terminal's live bar: files done of all, bytes read of all (the bar), the rate in bytes per second and the
/// time left; failures are printed above the bar as they happen.
/// </summary>
public sealed class LiveProgress : IProgressSink
{
    private readonly ProgressTask task;
    private readonly int totalFiles;
    private int finished;
    private int failed;
    private int retries;

    private LiveProgress(ProgressTask task, int totalFiles)
    {
        this.task = task;
        this.totalFiles = totalFiles;
        Describe();
    }

    public static Task<T> RunAsync<T>(IAnsiConsole console, int totalFiles, long totalBytes, Func<IProgressSink, Task<T>> work) =>
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(context => work(new LiveProgress(context.AddTask("files", maxValue: Math.Max(1, totalBytes)), totalFiles)));

    public void Completed(FileOutcome outcome)
    {
        Interlocked.Increment(ref finished);
        if (outcome.Kind == OutcomeKind.Failed)
        {
            Interlocked.Increment(ref failed);
            AnsiConsole.MarkupLine($"[red]failed[/] {Markup.Escape(outcome.Source.RelativePath)}: {Markup.Escape(outcome.Reason ?? "")}");
        }
        task.Increment(outcome.BytesIn);
        Describe();
    }

    public void Notice(string sentence)
    {
        Interlocked.Increment(ref retries);
        Describe();
    }

    private void Describe()
    {
        var text = $"{finished}/{totalFiles} files";
        if (failed > 0) text += $", [red]{failed} failed[/]";
        if (retries > 0) text += $", [yellow]{retries} retries[/]";
        task.Description = text;
    }
}
