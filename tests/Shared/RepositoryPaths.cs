namespace PixTools.Testing;

/// <summary>The repository root (the folder holding PixTools.slnx), for tests that read docs and deploy files.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = Locate();

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PixTools.slnx"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("repository root (PixTools.slnx) not found");
    }
}
