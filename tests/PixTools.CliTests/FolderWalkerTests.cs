using PixTools.Cli.Files;
using PixTools.CliTests.Support;

namespace PixTools.CliTests;

/// <summary>How the client lists a folder: linked folders followed once, loops and hidden folders passed over.</summary>
public sealed class FolderWalkerTests
{
    [Fact]
    public void Files_LinkBackUpTheTree_IsWalkedOnce()
    {
        using var tree = new TempTree().WithNestedPhotos();
        Directory.CreateSymbolicLink(Path.Combine(tree.In, "sub", "loop"), "..");
        Directory.CreateSymbolicLink(Path.Combine(tree.In, "sub", "deeper", "self"), ".");

        var files = Relative(tree, FolderWalker.Files(tree.In, recursive: true));

        Assert.Equal(["a.png", "sub/b.jpg", "sub/deeper/c.jpg"], files);
    }

    [Fact]
    public void Files_LinkedFolderElsewhere_IsFollowed_AndTwoLinksToItGiveItsFilesOnce()
    {
        using var tree = new TempTree();
        tree.AddPhoto("coffee.png", "a.png");
        var elsewhere = Directory.CreateDirectory(Path.Combine(tree.Root, "elsewhere")).FullName;
        File.WriteAllBytes(Path.Combine(elsewhere, "x.jpg"), TestPhotos.Read("rocket-orient6.jpg"));
        Directory.CreateSymbolicLink(Path.Combine(tree.In, "linked"), elsewhere);
        Directory.CreateSymbolicLink(Path.Combine(tree.In, "same-again"), elsewhere);

        var files = Relative(tree, FolderWalker.Files(tree.In, recursive: true));

        Assert.Equal(2, files.Count);
        Assert.Contains("a.png", files);
        Assert.Single(files, f => f.EndsWith("/x.jpg", StringComparison.Ordinal));
    }

    [Fact]
    public void Files_HiddenFoldersAndFiles_AreLeftOut_AndWithoutRecursiveOnlyTheTopLevel()
    {
        using var tree = new TempTree().WithNestedPhotos();
        tree.AddPhoto("coffee.png", ".hidden/h.png");
        tree.AddPhoto("coffee.png", ".h.png");

        Assert.Equal(["a.png", "sub/b.jpg", "sub/deeper/c.jpg"], Relative(tree, FolderWalker.Files(tree.In, recursive: true)));
        Assert.Equal(["a.png"], Relative(tree, FolderWalker.Files(tree.In, recursive: false)));
    }

    [Fact]
    public void RealPath_ResolvesEveryLinkOnTheWay()
    {
        using var tree = new TempTree().WithNestedPhotos();
        var link = Path.Combine(tree.Root, "link");
        Directory.CreateSymbolicLink(link, tree.In);

        Assert.Equal(FolderWalker.RealPath(Path.Combine(tree.In, "sub", "deeper")), FolderWalker.RealPath(Path.Combine(link, "sub", "deeper")));
        Assert.NotEqual(FolderWalker.RealPath(Path.Combine(tree.In, "sub")), FolderWalker.RealPath(Path.Combine(link, "sub", "deeper")));
    }

    private static List<string> Relative(TempTree tree, IEnumerable<string> files) =>
        files.Select(f => Path.GetRelativePath(tree.In, f)).Order(StringComparer.Ordinal).ToList();
}
