using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PixTools.Jobs;

namespace PixTools.IntegrationTests.Contracts;

/// <summary>The job store contract on a real SQLite file, migrated as at start-up.</summary>
public sealed class SqliteJobStoreTests : JobStoreContract, IDisposable
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"pixtools-store-{Guid.NewGuid():N}.db");

    public SqliteJobStoreTests()
    {
        var options = new DbContextOptionsBuilder<SqliteJobsDb>().UseSqlite($"Data Source={file}").Options;
        var factory = new Factory(options);
        using (var db = factory.CreateDbContext())
        {
            db.Database.Migrate();
            db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
        }
        Store = new JobStore(factory, Options.Create(new JobsOptions()), TimeProvider.System);
    }

    protected override JobStore Store { get; }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var path in new[] { file, file + "-wal", file + "-shm" }) File.Delete(path);
    }

    private sealed class Factory(DbContextOptions<SqliteJobsDb> options) : IDbContextFactory<JobsDb>
    {
        public JobsDb CreateDbContext() => new SqliteJobsDb(options);
    }
}
