using System.Diagnostics;
using Npgsql;
using PixTools.IntegrationTests.Support;

namespace PixTools.IntegrationTests;

/// <summary><c>PixTools migrate</c> applies the job store's migrations to an empty PostgreSQL database and exits.</summary>
public sealed class MigrateCommandTests
{
    [Fact]
    public async Task MigrateCreatesTheTablesAndExits()
    {
        using var database = PostgresDatabase.Empty();
        var connectionString = database.ConnectionString;
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "PixTools.dll"), "migrate"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PIXTOOLS_DATABASE__PROVIDER"] = "postgres";
        start.Environment["PIXTOOLS_DATABASE__CONNECTIONSTRING"] = connectionString;
        start.Environment["PIXTOOLS_DATABASE__MIGRATEONSTART"] = "false";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await output}{await errors}");

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_name IN ('jobs', 'operation_runs', 'idempotency_keys')", connection);
        Assert.Equal(3L, await count.ExecuteScalarAsync());
    }
}
