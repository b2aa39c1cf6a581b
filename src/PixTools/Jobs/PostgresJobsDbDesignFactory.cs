using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PixTools.Jobs;

/// <summary>Lets <c>dotnet ef migrations add --context PostgresJobsDb</c> build the context without a server or the host.</summary>
public sealed class PostgresJobsDbDesignFactory : IDesignTimeDbContextFactory<PostgresJobsDb>
{
    public PostgresJobsDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresJobsDb>().UseNpgsql("Host=127.0.0.1;Database=design-time").Options);
}
