using System.Diagnostics;
using System.Text.RegularExpressions;

namespace PixTools.UnitTests.Hosting;

/// <summary>
/// A clone of the repository is all anyone needs: README.md and docs/ link only to files inside it, and no tracked file
/// names a folder beside the repository or a path of a developer's machine.
/// </summary>
public sealed partial class RepositoryStandsAloneTests
{
    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string> { "README.md" };
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "docs"), "*.md")) data.Add(Path.GetRelativePath(RepositoryPaths.Root, file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_relative_link_points_to_a_file_in_the_repository(string document)
    {
        var path = Path.Combine(RepositoryPaths.Root, document);
        var folder = Path.GetDirectoryName(path)!;
        foreach (Match link in MarkdownLink().Matches(File.ReadAllText(path)))
        {
            var target = link.Groups["target"].Value.Split('#')[0];
            if (target.Length == 0 || target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal)) continue;
            var resolved = Path.GetFullPath(Path.Combine(folder, target));
            Assert.True(resolved.StartsWith(RepositoryPaths.Root + Path.DirectorySeparatorChar, StringComparison.Ordinal), $"{document} links outside the repository: {target}");
            Assert.True(File.Exists(resolved) || Directory.Exists(resolved), $"{document} links to a missing file: {target}");
        }
    }

    [Fact]
    public void No_tracked_file_refers_to_a_path_outside_the_repository()
    {
        // Built from parts so that this file does not match itself.
        var patterns = new[] { "\\.\\./" + "shared", "/wo" + "rk/", "/ho" + "me/" };
        var start = new ProcessStartInfo("git", ["grep", "-InE", string.Join('|', patterns), "--", ".", ":!*package-lock.json"])
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
        };
        using var git = Process.Start(start)!;
        var hits = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        Assert.True(git.ExitCode is 0 or 1, "git grep could not run");
        Assert.Equal("", hits);
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();
}
