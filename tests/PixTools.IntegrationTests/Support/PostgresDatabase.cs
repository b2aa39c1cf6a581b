using Microsoft.EntityFrameworkCore;
using Npgsql;
using PixTools.Jobs;

namespace PixTools.IntegrationTests.Support;

/// <summary>A database of its own on the test PostgreSQL, migrated as at start-up and dropped at the end.</summary>
public sealed class PostgresDatabase : IDisposable
{
    private readonly NpgsqlConnectionStringBuilder admin = new(TestServices.Postgres);

    public PostgresDatabase()
    {
        var name = $"pixtools_test_{Guid.NewGuid():N}";
        Execute($"CREATE DATABASE {name}");
        ConnectionString = new NpgsqlConnectionStringBuilder(TestServices.Postgres) { Database = name }.ToString();
        using var db = new PostgresJobsDb(Options);
        db.Database.Migrate();
    }

    public string ConnectionString { get; }

    public DbContextOptions<PostgresJobsDb> Options => new DbContextOptionsBuilder<PostgresJobsDb>().UseNpgsql(ConnectionString).Options;

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        Execute($"DROP DATABASE IF EXISTS {new NpgsqlConnectionStringBuilder(ConnectionString).Database} WITH (FORCE)");
    }

    private void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(admin.ToString());
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
