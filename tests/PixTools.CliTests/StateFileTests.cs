using PixTools.Cli.Files;
using PixTools.CliTests.Support;

namespace PixTools.CliTests;

/// <summary>The resume record: appended per file, folded from time to time, read back whole.</summary>
public sealed class StateFileTests
{
    [Fact]
    public async Task ThousandsOfFiles_WriteBytesInProportion_AndReopenWithEveryEntry()
    {
        using var tree = new TempTree();
        var layout = new OutputLayout(tree.Out);
        var state = StateFile.Open(tree.Out);
        const int files = 3000;
        var snapshot = Path.Combine(tree.Out, StateFile.FileName);
        var journal = Path.Combine(tree.Out, StateFile.JournalName);
        long written = 0, snapshotBefore = 0, journalBefore = 0;
        var snapshotTime = DateTime.MinValue;
        for (var i = 0; i < files; i++)
        {
            var source = $"photos/{i:D5}.jpg";
            var output = $"photos/{i:D5}.webp";
            tree.Add(Path.Combine("..", "out", output), [1]);
            await state.RecordAsync(source, Entry(i, output), CancellationToken.None);
            // Bytes written by this record: the journal's growth, and the whole state file whenever it was rewritten.
            var (snapshotNow, journalNow) = (Size(snapshot), Size(journal));
            var rewritten = File.Exists(snapshot) && (snapshotNow != snapshotBefore || File.GetLastWriteTimeUtc(snapshot) != snapshotTime);
            written += (rewritten ? snapshotNow : 0) + Math.Max(0, journalNow - journalBefore);
            (snapshotBefore, journalBefore, snapshotTime) = (snapshotNow, journalNow, File.Exists(snapshot) ? File.GetLastWriteTimeUtc(snapshot) : snapshotTime);
            Assert.True(state.JournalLines < Math.Max(StateFile.MinJournalLines, i + 1));
        }

        // Rewriting the whole state after each file would write ~files/2 times the final state (about 1.5 GB here);
        // appending and folding now and then writes a few times it.
        var final = Size(snapshot) + Size(journal);
        Assert.True(written < final * 6L, $"{written:N0} bytes written over the run, the final state {final:N0}");

        var reopened = StateFile.Open(tree.Out);
        for (var i = 0; i < files; i++)
        {
            Assert.NotNull(reopened.Done($"photos/{i:D5}.jpg", $"sha{i}", "sig", layout));
        }
        Assert.Null(reopened.Done("photos/00001.jpg", "another", "sig", layout));
    }

    [Fact]
    public async Task ALineCutShortByACrash_CostsOnlyThatFile()
    {
        using var tree = new TempTree();
        var layout = new OutputLayout(tree.Out);
        var state = StateFile.Open(tree.Out);
        tree.Add(Path.Combine("..", "out", "a.webp"), [1]);
        tree.Add(Path.Combine("..", "out", "b.webp"), [1]);
        await state.RecordAsync("a.jpg", Entry(1, "a.webp"), CancellationToken.None);
        await state.RecordAsync("b.jpg", Entry(2, "b.webp"), CancellationToken.None);
        var journal = Path.Combine(tree.Out, StateFile.JournalName);
        var text = await File.ReadAllTextAsync(journal);
        await File.WriteAllTextAsync(journal, text[..^20]);

        var reopened = StateFile.Open(tree.Out);

        Assert.NotNull(reopened.Done("a.jpg", "sha1", "sig", layout));
        Assert.Null(reopened.Done("b.jpg", "sha2", "sig", layout));
    }

    private static StateEntry Entry(int i, string output) =>
        new($"sha{i}", "sig", Guid.NewGuid(), 1000 + i, [new OutputFile(output, "webp", 1)], DateTimeOffset.UnixEpoch);

    private static long Size(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}
