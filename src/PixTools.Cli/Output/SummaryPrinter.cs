using System.Globalization;
using PixTools.Cli.Processing;
using Spectre.Console;

namespace PixTools.Cli.Output;

/// <summary>The final table: per output format files and bytes in → out with the share saved, the totals and time, then every failure with its reason.</summary>
public static class SummaryPrinter
{
    public static void Print(IAnsiConsole console, RunSummary summary)
    {
        var table = new Table().Title("PixTools").AddColumns("", "files", "bytes in", "bytes out", "saved");
        foreach (var format in summary.ByFormat())
        {
            table.AddRow(format.Format, format.Files.ToString(CultureInfo.InvariantCulture), Sizes.Human(format.BytesIn), Sizes.Human(format.BytesOut), Saved(format.BytesIn, format.BytesOut));
        }
        table.AddRow("[bold]processed[/]", summary.Count(OutcomeKind.Done).ToString(CultureInfo.InvariantCulture), Sizes.Human(summary.BytesIn), Sizes.Human(summary.BytesOut), Saved(summary.BytesIn, summary.BytesOut));
        table.AddRow("skipped", summary.Count(OutcomeKind.Skipped).ToString(CultureInfo.InvariantCulture), "", "", "");
        table.AddRow(summary.Count(OutcomeKind.Failed) > 0 ? "[red]failed[/]" : "failed", summary.Count(OutcomeKind.Failed).ToString(CultureInfo.InvariantCulture), "", "", "");
        table.Caption($"{Sizes.Duration(summary.Elapsed)}{(summary.Retries > 0 ? $", {summary.Retries} requests retried" : "")}");
        console.Write(table);

        var failures = summary.Failed.ToList();
        if (failures.Count == 0) return;
        var reasons = new Table().Title("[red]Failures[/]").AddColumns("file", "reason");
        foreach (var failure in failures) reasons.AddRow(Markup.Escape(failure.Source.RelativePath), Markup.Escape(failure.Reason ?? ""));
        console.Write(reasons);
    }

    private static string Saved(long bytesIn, long bytesOut) =>
        RunSummary.SavedPercent(bytesIn, bytesOut) is { } percent ? string.Create(CultureInfo.InvariantCulture, $"{percent:0.0} %") : "";
}
