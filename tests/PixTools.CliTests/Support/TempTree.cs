namespace PixTools.CliTests.Support;

/// <summary>A temporary folder with an input tree of test photos (nested) and room for the output; removed afterwards.</summary>
public sealed class TempTree : IDisposable
{
    public TempTree()
    {
        Root = Directory.CreateTempSubdirectory("pixtools-cli-test-").FullName;
        In = Directory.CreateDirectory(Path.Combine(Root, "in")).FullName;
        Out = Path.Combine(Root, "out");
    }

    public string Root { get; }

    public string In { get; }

    public string Out { get; }

    /// <summary>Copies a test photo to IN/<paramref name="relative"/>.</summary>
    public string AddPhoto(string photo, string relative) => Add(relative, TestPhotos.Read(photo));

    public string Add(string relative, byte[] bytes)
    {
        var path = Path.Combine(In, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>The three-level tree most tests use: a.png, sub/b.jpg, sub/deeper/c.jpg.</summary>
    public TempTree WithNestedPhotos()
    {
        AddPhoto("coffee.png", "a.png");
        AddPhoto("friends-portrait.jpg", "sub/b.jpg");
        AddPhoto("rocket-orient6.jpg", "sub/deeper/c.jpg");
        return this;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
