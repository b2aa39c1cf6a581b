using Microsoft.Extensions.Logging.Abstractions;
using PixTools.Storage;

namespace PixTools.UnitTests.Storage;

/// <summary>A killed worker's temporary files are removed when a worker starts; a live worker's are left alone.</summary>
public sealed class WorkTempFolderTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "pixtools-worktemp-test-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void StartRemovesTheFoldersOfGoneProcessesAndKeepsLiveOnes()
    {
        // A folder as a SIGKILLed worker leaves it: its lock file, nobody holding it, and half-written outputs.
        var abandoned = Directory.CreateDirectory(Path.Combine(root, "gone")).FullName;
        File.WriteAllText(Path.Combine(abandoned, ".lock"), "");
        File.WriteAllBytes(Path.Combine(abandoned, "job-webp.tmp"), new byte[1024]);
        File.WriteAllBytes(Path.Combine(abandoned, "job-bundle.zip"), new byte[1024]);
        using var live = new WorkTempFolder(root, NullLogger<WorkTempFolder>.Instance);
        File.WriteAllBytes(Path.Combine(live.Path, "running.tmp"), new byte[16]);

        using var starting = new WorkTempFolder(root, NullLogger<WorkTempFolder>.Instance);

        Assert.False(Directory.Exists(abandoned));
        Assert.True(File.Exists(Path.Combine(live.Path, "running.tmp")));
        Assert.NotEqual(live.Path, starting.Path);
        Assert.True(Directory.Exists(starting.Path));
    }

    /// <summary>
    /// Two processes starting at once: a folder being made (not yet locked) is left alone, and one left half-made by a
    /// process that died while starting is removed once it is a minute old.
    /// </summary>
    [Fact]
    public void AFolderBeingMadeIsLeftAloneUntilItIsAMinuteOld()
    {
        var beingMade = Directory.CreateDirectory(Path.Combine(root, ".making-" + Guid.NewGuid().ToString("N"))).FullName;
        var diedWhileStarting = Directory.CreateDirectory(Path.Combine(root, ".making-" + Guid.NewGuid().ToString("N"))).FullName;
        Directory.SetLastWriteTimeUtc(diedWhileStarting, DateTime.UtcNow.AddMinutes(-2));

        using var starting = new WorkTempFolder(root, NullLogger<WorkTempFolder>.Instance);

        Assert.True(Directory.Exists(beingMade));
        Assert.False(Directory.Exists(diedWhileStarting));
        Assert.True(File.Exists(Path.Combine(starting.Path, ".lock")));
        Assert.DoesNotContain(".making-", starting.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void AFolderRemovedFromOutsideIsMadeAgainWithItsLock()
    {
        using var folder = new WorkTempFolder(root, NullLogger<WorkTempFolder>.Instance);
        Directory.Delete(folder.Path, recursive: true);

        Assert.Equal(folder.Path, folder.Restore());
        Assert.True(File.Exists(Path.Combine(folder.Path, ".lock")));
        Assert.Equal(folder.Path, folder.Restore()); // a second call finds it there and changes nothing

        // Its lock is held again: a process starting now leaves it alone.
        using var starting = new WorkTempFolder(root, NullLogger<WorkTempFolder>.Instance);
        Assert.True(Directory.Exists(folder.Path));
    }

    [Fact]
    public void AStoppedProcessRemovesItsOwnFolder()
    {
        var folder = new WorkTempFolder(root, NullLogger<WorkTempFolder>.Instance);
        var path = folder.Path;
        folder.Dispose();
        Assert.False(Directory.Exists(path));
    }

    public void Dispose()
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }
}
