using PixTools.Finalize;

namespace PixTools.UnitTests.Finalize;

public sealed class BatchFolderNamesTests
{
    [Fact]
    public void EachFileGetsItsNameAndAClashTheNextFreeNumber()
    {
        Assert.Equal(
            ["photo", "photo (2)", "beach", "Photo (3)", "photo (2) (2)", "photo (4)"],
            BatchFolderNames.For(["photo", "photo", "beach", "Photo", "photo (2)", "photo"]));
    }

    [Fact]
    public void AnEmptyNameBecomesImage()
    {
        Assert.Equal(["image", "image (2)"], BatchFolderNames.For(["", "image"]));
    }
}
