using System.Diagnostics;
using System.Text.RegularExpressions;
using PixTools.BrowserTests.Support;

namespace PixTools.BrowserTests;

/// <summary>The README's curl walk-through, run verbatim with bash against a live server; and its two set-up commands.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReadmeWalkthroughTests(PixToolsServer server, ITestOutputHelper output)
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));

    [Fact]
    public async Task TheCurlWalkthroughRunsAsWritten()
    {
        var block = Regex.Match(Readme, @"<!-- walkthrough:start -->\s*```sh\n(?<script>.*?)```\s*<!-- walkthrough:end -->", RegexOptions.Singleline);
        Assert.True(block.Success, "README.md has no walk-through between the markers");
        var start = new ProcessStartInfo("bash", ["-e", "-o", "pipefail", "-c", block.Groups["script"].Value])
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PIXTOOLS_URL"] = server.BaseAddress.ToString().TrimEnd('/');
        var watch = Stopwatch.StartNew();
        using var bash = Process.Start(start)!;
        var stdout = bash.StandardOutput.ReadToEndAsync();
        var stderr = bash.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await bash.WaitForExitAsync(timeout.Token);
        output.WriteLine($"{watch.Elapsed.TotalSeconds:0.0} s\n{await stdout}\n{await stderr}");

        Assert.Equal(0, bash.ExitCode);
        var printed = await stdout;
        Assert.Matches(@"job [0-9a-f-]{36}", printed);
        Assert.Contains("\"camera_make\":\"SONY\"", printed);
        Assert.Contains("pixtools_bundle_colorfulcups-exif-gps.zip", printed);
        Assert.Contains("pixtools_avif_colorfulcups-exif-gps.avif", printed);
    }

    [Fact]
    public void TheSetUpHasExactlyTheTwoCommands()
    {
        var setUp = Regex.Match(Readme, @"## Set-up on a fresh machine(?<section>.*?)\n## ", RegexOptions.Singleline).Groups["section"].Value;
        var commands = Regex.Matches(setUp, @"```sh\n(?<command>.*?)\n```", RegexOptions.Singleline).Select(m => m.Groups["command"].Value.Trim());
        Assert.Equal(["dotnet run --project src/PixTools", "./scripts/test.sh"], commands);
    }
}
