using Microsoft.EntityFrameworkCore;
using Npgsql;
using PixTools.Jobs;

namespace PixTools.IntegrationTests.Support;

/// <summary>
/// A database of its own on the test PostgreSQL, migrated as at start-up (unless asked not to) and dropped at the end.
/// </summary>
public sealed class PostgresDatabase : IDisposable
{
    private const int DropAttempts = 6;
    private static readonly NpgsqlConnectionStringBuilder Admin = new(TestServices.Postgres);
    private readonly string name = $"pixtools_test_{Guid.NewGuid():N}";

    public PostgresDatabase()
        : this(migrate: true)
    {
    }

    private PostgresDatabase(bool migrate)
    {
        Execute($"CREATE DATABASE {name}");
        ConnectionString = new NpgsqlConnectionStringBuilder(TestServices.Postgres) { Database = name }.ToString();
        if (!migrate) return;
        using var db = new PostgresJobsDb(Options);
        db.Database.Migrate();
    }

    public string ConnectionString { get; }

    /// <summary>A database with no tables yet.</summary>
    public static PostgresDatabase Empty() => new(migrate: false);

    public DbContextOptions<PostgresJobsDb> Options => new DbContextOptionsBuilder<PostgresJobsDb>().UseNpgsql(ConnectionString).Options;

    /// <summary>
    /// Drops the database, ending its sessions. PostgreSQL gives those sessions 5 seconds to end and otherwise refuses
    /// (55006), which a loaded machine can exceed while a host that just stopped still holds a connection: the drop is
    /// tried again, and a database left behind only warns, since the test services' data is deleted when they stop.
    /// </summary>
    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Execute($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                return;
            }
            catch (PostgresException e) when (attempt < DropAttempts)
            {
                Console.Error.WriteLine($"dropping test database {name}, attempt {attempt}: {e.SqlState} {e.MessageText}");
                Thread.Sleep(TimeSpan.FromSeconds(attempt));
            }
            catch (PostgresException e)
            {
                Console.Error.WriteLine($"test database {name} left behind: {e.SqlState} {e.MessageText}");
                return;
            }
        }
    }

    private static void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(Admin.ToString());
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
