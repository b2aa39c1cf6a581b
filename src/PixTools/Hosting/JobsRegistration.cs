using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PixTools.Finalize;
using Microsoft.Extensions.Options;
using PixTools.Jobs;

namespace PixTools.Hosting;

/// <summary>The job store on the configured database provider, the fan-in and its end steps, the sweeper and retention.</summary>
public static class JobsRegistration
{
    public static IServiceCollection AddJobs(this IServiceCollection services, IHostEnvironment environment, Role role)
    {
        services.AddValidatedOptions<DatabaseOptions>(DatabaseOptions.Section);
        services.AddValidatedOptions<JobsOptions>(JobsOptions.Section);
        services.AddDbContextFactory<SqliteJobsDb>((sp, options) => options
            .UseSqlite(SqliteFileUnder(environment.ContentRootPath, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString))
            .AddInterceptors(new SqlitePragmas()));
        services.AddSingleton<IDbContextFactory<JobsDb>, JobsDbFactory<SqliteJobsDb>>();
        services.AddSingleton<JobStore>();
        services.AddSingleton<JobFinalizer>();
        services.AddValidatedOptions<ArchiveOptions>(ArchiveOptions.Section);
        services.AddSingleton<IJobEndStep, ArchiveBuilder>();
        if (role.RunsWorkers())
        {
            services.AddHostedService<StuckJobSweeper>();
            services.AddHostedService<RetentionPruner>();
        }
        return services;
    }

    /// <summary>Applies pending migrations (when Database:MigrateOnStart) and turns on SQLite's write-ahead log.</summary>
    public static async Task MigrateJobsDbAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var options = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (!options.MigrateOnStart) return;
        await using var db = await services.GetRequiredService<IDbContextFactory<JobsDb>>().CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // WAL lets the API read while workers write; it is a property of the file and persists.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    /// <summary>A relative SQLite file lives under the content root, and its folder is made if missing.</summary>
    private static string SqliteFileUnder(string contentRoot, string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && !file.StartsWith("file:", StringComparison.Ordinal))
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, file));
            Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);
        }
        return builder.ToString();
    }

    /// <summary>Hands out the provider's context as the shared <see cref="JobsDb"/>.</summary>
    private sealed class JobsDbFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<JobsDb> where TContext : JobsDb
    {
        public JobsDb CreateDbContext() => inner.CreateDbContext();
    }
}
