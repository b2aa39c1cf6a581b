using Microsoft.Data.Sqlite;
using PixTools.Resilience;

namespace PixTools.UnitTests.Resilience;

/// <summary>
/// A full disk is the server's state, not the request's fault: it is told apart (as .NET reports it on Linux: the raw
/// errno in HResult, measured on a full tmpfs) and answered like a dependency that is away (503, Retry-After).
/// </summary>
public sealed class DiskFullTests
{
    [Theory]
    [InlineData(28, true)]   // ENOSPC
    [InlineData(122, true)]  // EDQUOT
    [InlineData(2, false)]   // ENOENT
    [InlineData(13, false)]  // EACCES
    public void TellsAFullDiskFromOtherFileErrors(int errno, bool full)
    {
        var error = new IOException("write failed", errno);
        Assert.Equal(full, DependencyFailures.IsDiskFull(error));
        Assert.Equal(full, DependencyFailures.IsUnavailable(error));
    }

    [Fact]
    public void AFullDatabaseDiskIsUnavailableToo() =>
        Assert.True(DependencyFailures.IsUnavailable(new SqliteException("database or disk is full", 13)));
}
