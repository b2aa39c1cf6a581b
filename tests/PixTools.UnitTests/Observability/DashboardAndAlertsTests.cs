using System.Text.Json;
using System.Text.RegularExpressions;
using PixTools.Observability;
using Prometheus;

namespace PixTools.UnitTests.Observability;

/// <summary>The Grafana dashboard and the alert rules only use metrics PixTools exports, and cover what the issue asks.</summary>
public sealed partial class DashboardAndAlertsTests
{
    private static readonly string Folder = Path.Combine(RepositoryPaths.Root, "deploy", "observability");

    private static readonly HashSet<string> Exported = typeof(PixToolsMetrics).GetFields()
        .Select(f => f.GetValue(null)).OfType<Collector>().Select(c => c.Name).ToHashSet();

    [Fact]
    public void TheDashboardIsGrafanaJsonOverPixToolsMetrics()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "grafana-dashboard.json")));
        var expressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!).ToList();
        Assert.NotEmpty(expressions);
        AssertOnlyExportedMetrics(expressions);
        foreach (var name in Exported) Assert.Contains(expressions, e => e.Contains(name, StringComparison.Ordinal));
    }

    [Fact]
    public void AlertRulesCoverFailuresBacklogBreakerAndIdleWorkers()
    {
        var rules = File.ReadAllText(Path.Combine(Folder, "prometheus-alerts.yml"));
        AssertOnlyExportedMetrics([rules]);
        foreach (var alert in new[] { "PixToolsJobsFailing", "PixToolsQueueBackingUp", "PixToolsWebhookBreakerOpen", "PixToolsNoWorkerConsuming" })
        {
            Assert.Contains($"alert: {alert}", rules);
        }
    }

    private static void AssertOnlyExportedMetrics(IEnumerable<string> expressions)
    {
        foreach (Match used in expressions.SelectMany(e => PixToolsMetricName().Matches(e)))
        {
            var name = Regex.Replace(used.Value, "_(bucket|count|sum)$", "");
            Assert.True(Exported.Contains(name), $"{used.Value} is not a metric PixTools exports");
        }
    }

    [GeneratedRegex("pixtools_[a-z_]+")]
    private static partial Regex PixToolsMetricName();
}
