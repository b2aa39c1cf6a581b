namespace PixTools.UnitTests.Operations.Quality;

/// <summary>Folders under tests/testdata in this repository (found from the test binary's folder upwards).</summary>
internal static class TestData
{
    public static string Folder(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "testdata", name);
            if (File.Exists(Path.Combine(dir.FullName, "PixTools.slnx")) && Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException($"tests/testdata/{name} not found above {AppContext.BaseDirectory}");
    }
}
