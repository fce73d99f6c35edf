namespace ECommerce.Core.Data;

/// <summary>Where the shop keeps its data (section <c>Database</c>, plus <c>ConnectionStrings:Default</c>).</summary>
public class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>Sqlite</c> (the default: a file in <see cref="DataDirectory"/>) or <c>MySql</c> (MySQL or MariaDB through Pomelo).</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>
    /// The folder of the SQLite file when <c>ConnectionStrings:Default</c> is not set: the user's data folder
    /// (~/.local/share/ecommerce on Linux), never the app's own, which a redeploy replaces.
    /// </summary>
    public string DataDirectory { get; set; } = Path.Combine(
        // Without DoNotVerify a folder that does not exist yet (a fresh machine) comes back as "", the working directory.
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify),
        "ecommerce");

    /// <summary>The MySQL/MariaDB server version to write SQL for, e.g. <c>8.0.36-mysql</c> or <c>10.11-mariadb</c>.</summary>
    public string ServerVersion { get; set; } = "8.0.36-mysql";

    /// <summary>Fill an empty database with the sample catalog.</summary>
    public bool SeedSampleCatalog { get; set; } = true;

    public bool IsMySql => string.Equals(Provider, "MySql", StringComparison.OrdinalIgnoreCase);

    public bool IsSqlite => string.Equals(Provider, "Sqlite", StringComparison.OrdinalIgnoreCase);
}
