using Microsoft.Data.Sqlite;

namespace SegmentFunctions.Storage.Embedded;

/// <summary>
/// Opens connections to one SQLite file in WAL mode, so readers never block the writer and several processes can share
/// the file; writers wait for each other up to the busy timeout instead of failing at once.
/// </summary>
internal sealed class SqliteDatabase
{
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);
    private readonly string _connectionString;

    public SqliteDatabase(string path, string schemaSql)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString();

        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;" + schemaSql;
        command.ExecuteNonQuery();
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout={(int)BusyTimeout.TotalMilliseconds}; PRAGMA synchronous=NORMAL;";
        command.ExecuteNonQuery();
        return connection;
    }

    /// <summary>SQLITE_BUSY / SQLITE_LOCKED that outlasted the busy timeout: another writer holds the file.</summary>
    public static bool IsBusy(SqliteException ex) => ex.SqliteErrorCode is 5 or 6;
}
