using Microsoft.EntityFrameworkCore;

namespace PixTools.Jobs;

/// <summary>The job store on PostgreSQL (the distributed profile); its migrations are in Migrations/Postgres.</summary>
public sealed class PostgresJobsDb(DbContextOptions<PostgresJobsDb> options) : JobsDb(options);
