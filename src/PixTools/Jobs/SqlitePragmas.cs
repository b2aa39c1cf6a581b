using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PixTools.Jobs;

/// <summary>
/// Per-connection SQLite settings. With the write-ahead log, <c>synchronous=NORMAL</c> skips the fsync at every
/// commit yet stays consistent after a process crash (kill -9 loses nothing; only a power cut may lose the
/// last commits, which the sweeper then re-runs). Blobs are flushed to disk before their row is written, so a
/// row never points at a lost file. <c>busy_timeout</c> makes a write that finds another connection writing wait in
/// SQLite's busy handler (retries after 1, 2, 5, 10 ... ms) instead of Microsoft.Data.Sqlite's 150 ms sleeps.
/// </summary>
public sealed class SqlitePragmas(TimeSpan busyTimeout) : DbConnectionInterceptor
{
    private readonly string pragmas = $"PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={(long)busyTimeout.TotalMilliseconds};";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
