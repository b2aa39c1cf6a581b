using System.Diagnostics;
using System.Text.Json;

namespace PixTools.IntegrationTests.Support;

/// <summary>
/// Parses Prometheus text exposition with a real, independent parser: the reference Python client's
/// (Debian package python3-prometheus-client). A sample is "name{label="v",...}" → value.
/// </summary>
public static class PrometheusText
{
    private const string Parser = """
        import json, sys
        from prometheus_client.parser import text_string_to_metric_families
        out = {}
        for family in text_string_to_metric_families(sys.stdin.read()):
            for s in family.samples:
                labels = ",".join(f'{k}="{v}"' for k, v in sorted(s.labels.items()))
                out[s.name + "{" + labels + "}"] = s.value
        print(json.dumps(out))
        """;

    public static async Task<IReadOnlyDictionary<string, double>> ParseAsync(string exposition)
    {
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var start = new ProcessStartInfo(python, ["-c", Parser])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(exposition);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"the Prometheus parser refused /metrics: {error}");
        return JsonSerializer.Deserialize<Dictionary<string, double>>(output)!;
    }

    public static double ValueOf(this IReadOnlyDictionary<string, double> samples, string sample) =>
        samples.TryGetValue(sample, out var value) ? value : 0;
}
