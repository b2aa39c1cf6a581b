using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PixTools.Jobs;

/// <summary>
/// Per-connection SQLite settings. With the write-ahead log, <c>synchronous=NORMAL</c> skips the fsync at every
/// commit yet stays consistent after a process crash (kill -9 loses nothing; only a power cut may lose the
/// last commits, which the sweeper then re-runs). Blobs are flushed to disk before their row is written, so a
/// row never points at a lost file.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
