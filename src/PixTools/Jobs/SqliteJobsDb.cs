using Microsoft.EntityFrameworkCore;

namespace PixTools.Jobs;

/// <summary>The job store on SQLite (the embedded default); its migrations are in Migrations/Sqlite.</summary>
public sealed class SqliteJobsDb(DbContextOptions<SqliteJobsDb> options) : JobsDb(options);
