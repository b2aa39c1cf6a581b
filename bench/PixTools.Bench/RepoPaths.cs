namespace PixTools.Bench;

/// <summary>Where the bench finds the repository, the test photos, the server build and the sharp worker.</summary>
internal static class RepoPaths
{
    public static readonly string Root = FindRoot();

    /// <summary>The seven photos of tests/testdata/photos (MANIFEST.md there describes them).</summary>
    public static string Photos => Path.Combine(Root, "tests", "testdata", "photos");

    /// <summary>The PixTools build that <c>dotnet build -c Release</c> of this project makes beside it.</summary>
    public static string ServerDll => Path.Combine(Root, "src", "PixTools", "bin", "Release", "net10.0", "PixTools.dll");

    public static string SharpWorker => Path.Combine(Root, "bench", "sharp", "worker.js");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PixTools.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException("PixTools.slnx not found above the bench's build folder");
    }
}
