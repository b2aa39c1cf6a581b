using System.Runtime.CompilerServices;

namespace PixTools.BrowserTests.Support;

/// <summary>Saves a full-page screenshot per test, the CI artifacts: $PIXTOOLS_ARTIFACTS, else TestResults/screenshots at the repository root.</summary>
public static class Screenshots
{
    public static string Directory { get; } = Locate();

    public static async Task<string> SaveAsync(IPage page, [CallerMemberName] string name = "")
    {
        var path = Path.Combine(Directory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    private static string Locate()
    {
        var configured = Environment.GetEnvironmentVariable("PIXTOOLS_ARTIFACTS");
        var root = !string.IsNullOrEmpty(configured) ? configured : Path.Combine(RepositoryPaths.Root, "TestResults", "screenshots");
        System.IO.Directory.CreateDirectory(root);
        return root;
    }
}
