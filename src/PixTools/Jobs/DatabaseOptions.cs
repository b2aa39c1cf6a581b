using System.ComponentModel.DataAnnotations;

namespace PixTools.Jobs;

/// <summary>The job store, section <c>Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>sqlite</c> (the embedded default).</summary>
    [Required, RegularExpression("^(sqlite)$", ErrorMessage = "Database:Provider must be 'sqlite'")]
    public string Provider { get; set; } = "sqlite";

    /// <summary>ADO.NET connection string; a relative SQLite file is under the content root.</summary>
    [Required]
    public string ConnectionString { get; set; } = "Data Source=data/pixtools.db";

    /// <summary>Apply pending migrations at start-up (default true).</summary>
    public bool MigrateOnStart { get; set; } = true;
}
