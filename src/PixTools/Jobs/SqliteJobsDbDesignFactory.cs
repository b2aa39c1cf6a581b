using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PixTools.Jobs;

/// <summary>Lets <c>dotnet ef migrations add</c> build the SQLite context without starting the host.</summary>
public sealed class SqliteJobsDbDesignFactory : IDesignTimeDbContextFactory<SqliteJobsDb>
{
    public SqliteJobsDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteJobsDb>().UseSqlite("Data Source=design-time.db").Options);
}
