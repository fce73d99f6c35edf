namespace ECommerce.Core.Data;

/// <summary>Where the shop keeps its data (section <c>Database</c>, plus <c>ConnectionStrings:Default</c>).</summary>
public class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>Sqlite</c> (the default: a file next to the app) or <c>MySql</c> (MySQL or MariaDB through Pomelo).</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>The MySQL/MariaDB server version to write SQL for, e.g. <c>8.0.36-mysql</c> or <c>10.11-mariadb</c>.</summary>
    public string ServerVersion { get; set; } = "8.0.36-mysql";

    /// <summary>Fill an empty database with the sample catalog.</summary>
    public bool SeedSampleCatalog { get; set; } = true;

    public bool IsMySql => string.Equals(Provider, "MySql", StringComparison.OrdinalIgnoreCase);

    public bool IsSqlite => string.Equals(Provider, "Sqlite", StringComparison.OrdinalIgnoreCase);
}
