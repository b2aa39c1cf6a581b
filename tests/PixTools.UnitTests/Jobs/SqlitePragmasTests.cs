using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using PixTools.Hosting;
using PixTools.Jobs;

namespace PixTools.UnitTests.Jobs;

/// <summary>Every connection to the embedded SQLite store gets the write-ahead-log-safe sync mode and the busy timeout.</summary>
public sealed class SqlitePragmasTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("pixtools-pragmas-").FullName;

    [Theory]
    [InlineData(null, 5000L)]
    [InlineData("00:00:02", 2000L)]
    [InlineData("00:00:00", 0L)]
    public async Task EachConnectionWaitsForAnotherWriterAsLongAsConfigured(string? setting, long expectedMs)
    {
        var settings = new Dictionary<string, string?> { ["Database:ConnectionString"] = $"Data Source={folder}/jobs.db" };
        if (setting is not null) settings["Database:SqliteBusyTimeout"] = setting;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddJobs(configuration, new HostingEnvironment { ContentRootPath = folder, EnvironmentName = Environments.Production }, Role.Api);
        await using var provider = services.BuildServiceProvider();

        await using var db = await provider.GetRequiredService<IDbContextFactory<JobsDb>>().CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA busy_timeout;";
        Assert.Equal(expectedMs, (long)(await command.ExecuteScalarAsync())!);
        command.CommandText = "PRAGMA synchronous;";
        Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!); // NORMAL
    }

    [Fact]
    public void ABusyTimeoutOverFiveMinutesIsRefused()
    {
        var options = new DatabaseOptions { SqliteBusyTimeout = TimeSpan.FromMinutes(6) };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        Assert.False(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true));
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(DatabaseOptions.SqliteBusyTimeout)));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
