using System.ComponentModel.DataAnnotations;

namespace PixTools.Jobs;

/// <summary>The job store, section <c>Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>sqlite</c> (the embedded default) or <c>postgres</c> (the distributed profile).</summary>
    [Required, RegularExpression("^(sqlite|postgres)$", ErrorMessage = "Database:Provider must be 'sqlite' or 'postgres'")]
    public string Provider { get; set; } = "sqlite";

    /// <summary>ADO.NET connection string: a SQLite file (relative paths are under the content root) or an Npgsql one.</summary>
    [Required]
    public string ConnectionString { get; set; } = "Data Source=data/pixtools.db";

    /// <summary>Apply pending migrations at start-up (default true); with false, run <c>PixTools migrate</c> once per release instead.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>
    /// SQLite only: how long a write waits for another connection's write to finish (SQLite's own busy handler,
    /// which retries within milliseconds) before it fails. Zero leaves it to Microsoft.Data.Sqlite, which sleeps
    /// 150 ms per retry: under 32 simultaneous uploads that halved the accepts per second.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00", ErrorMessage = "Database:SqliteBusyTimeout must be between 0 and 5 minutes")]
    public TimeSpan SqliteBusyTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
