using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PixTools.IntegrationTests.Support;
using PixTools.Jobs;

namespace PixTools.IntegrationTests.Contracts;

/// <summary>The job store contract on the real PostgreSQL (scripts/services/start.sh), in a database of this class's own.</summary>
public sealed class PostgresJobStoreTests(PostgresDatabase database) : JobStoreContract, IClassFixture<PostgresDatabase>
{
    protected override JobStore Store { get; } =
        new(new Factory(database.Options), Options.Create(new JobsOptions()), TimeProvider.System);

    private sealed class Factory(DbContextOptions<PostgresJobsDb> options) : IDbContextFactory<JobsDb>
    {
        public JobsDb CreateDbContext() => new PostgresJobsDb(options);
    }
}
