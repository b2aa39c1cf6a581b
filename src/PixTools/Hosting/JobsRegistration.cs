using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using PixTools.Jobs;

namespace PixTools.Hosting;

/// <summary>The job store on the configured database provider, the sweeper and retention.</summary>
public static class JobsRegistration
{
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment, Role role)
    {
        services.AddValidatedOptions<DatabaseOptions>(DatabaseOptions.Section);
        services.AddValidatedOptions<JobsOptions>(JobsOptions.Section);
        var provider = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>()?.Provider ?? "sqlite";
        switch (provider.Trim().ToLowerInvariant())
        {
            case "sqlite":
                services.AddDbContextFactory<SqliteJobsDb>((sp, options) => options
                    .UseSqlite(SqliteFileUnder(configuration, ConnectionStringOf(sp)))
                    .AddInterceptors(new SqlitePragmas(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.SqliteBusyTimeout))
                    // SQLite rebuilds a table to add a foreign key, and its PRAGMA foreign_keys step cannot run in a
                    // transaction; EF warns about that on every fresh database. The migrations run once, at start,
                    // before anything else touches the file, so the warning says nothing an operator can act on.
                    .ConfigureWarnings(w => w.Ignore(RelationalEventId.NonTransactionalMigrationOperationWarning)));
                services.AddSingleton<IDbContextFactory<JobsDb>, JobsDbFactory<SqliteJobsDb>>();
                break;
            case "postgres":
                services.AddDbContextFactory<PostgresJobsDb>((sp, options) => options.UseNpgsql(ConnectionStringOf(sp)));
                services.AddSingleton<IDbContextFactory<JobsDb>, JobsDbFactory<PostgresJobsDb>>();
                break;
            default:
                throw new OptionsValidationException(DatabaseOptions.Section, typeof(DatabaseOptions), [$"Database:Provider must be 'sqlite' or 'postgres', got '{provider}'"]);
        }
        services.AddSingleton<JobStore>();
        if (role.RunsWorkers())
        {
            services.AddHostedService<StuckJobSweeper>();
            services.AddHostedService<RetentionPruner>();
        }
        return services;
    }

    /// <summary>
    /// Builds the EF model, then applies pending migrations when Database:MigrateOnStart (or always, for the
    /// <c>migrate</c> command) and turns on SQLite's write-ahead log.
    /// </summary>
    public static async Task MigrateJobsDbAsync(this IServiceProvider services, bool always = false, CancellationToken cancellationToken = default)
    {
        var options = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        await using var db = await services.GetRequiredService<IDbContextFactory<JobsDb>>().CreateDbContextAsync(cancellationToken);
        // Build and initialise the EF model once, here, before the hosted services start: their first queries run
        // concurrently, and EF's first-use model initialisation can then fail one of them ("the model must be
        // finalized ..."), which stops the host. No connection is opened for this.
        _ = db.Model;
        if (!always && !options.MigrateOnStart) return;
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // WAL lets the API read while workers write; it is a property of the file and persists.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    private static string ConnectionStringOf(IServiceProvider services) =>
        services.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString;

    /// <summary>A relative SQLite file lives under the content root, and its folder is made if missing.</summary>
    private static string SqliteFileUnder(IConfiguration configuration, string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && !file.StartsWith("file:", StringComparison.Ordinal))
        {
            builder.DataSource = DataPaths.Resolve(configuration, file);
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
