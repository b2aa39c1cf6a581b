namespace PixTools.Testing;

/// <summary>Finds the shared test photos: ../shared/testdata/photos beside the repository root, or PIXTOOLS_TESTDATA.</summary>
public static class TestPhotos
{
    public static string Directory { get; } = Locate();

    public static string PathOf(string name) => System.IO.Path.Combine(Directory, name);

    public static byte[] Read(string name) => File.ReadAllBytes(PathOf(name));

    private static string Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("PIXTOOLS_TESTDATA");
        if (!string.IsNullOrEmpty(fromEnvironment)) return fromEnvironment;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "PixTools.slnx")))
            {
                var photos = System.IO.Path.Combine(dir.FullName, "..", "shared", "testdata", "photos");
                if (System.IO.Directory.Exists(photos)) return System.IO.Path.GetFullPath(photos);
            }
        }
        throw new DirectoryNotFoundException("shared/testdata/photos not found beside the repository root; set PIXTOOLS_TESTDATA");
    }
}
