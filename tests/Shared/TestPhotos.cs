namespace PixTools.Testing;

/// <summary>Finds the test photos: tests/testdata/photos in this repository (MANIFEST.md there lists each one's source
/// and licence), or the folder named by PIXTOOLS_TESTDATA.</summary>
public static class TestPhotos
{
    public static string Directory { get; } = Locate();

    public static string PathOf(string name) => System.IO.Path.Combine(Directory, name);

    public static byte[] Read(string name) => File.ReadAllBytes(PathOf(name));

    private static string Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("PIXTOOLS_TESTDATA");
        if (!string.IsNullOrEmpty(fromEnvironment)) return fromEnvironment;
        var photos = System.IO.Path.Combine(RepositoryPaths.Root, "tests", "testdata", "photos");
        if (System.IO.Directory.Exists(photos)) return photos;
        throw new DirectoryNotFoundException($"The test photos are missing: {photos} does not exist.");
    }
}
