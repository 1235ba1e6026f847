using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace SegmentFunctions.Storage.Embedded;

/// <summary>
/// Opens connections to one SQLite file in WAL mode, so readers never block the writer and several processes can share
/// the file; writers wait for each other up to the busy timeout instead of failing at once. Disposing closes the pooled
/// connections, so the file can be deleted or replaced afterwards without a pooled handle writing to the old one.
/// </summary>
internal sealed class SqliteDatabase : IDisposable
{
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Per-connection settings, applied once to each native handle (pooled handles keep them).</summary>
    private static readonly string ConnectionPragmas =
        $"PRAGMA busy_timeout={(int)BusyTimeout.TotalMilliseconds}; PRAGMA synchronous=NORMAL;";

    /// <summary>
    /// For a connection that stays open: a 64 MiB page cache and no memory map (a scan of the whole store, as a
    /// snapshot does, otherwise keeps up to 1 GiB of mapped file pages in the process's working set; ingest costs the
    /// same CPU per event either way, `segment bench --only embedded-store`); checkpoints every 16 MiB of WAL instead of
    /// 4 MiB, so fewer syncs.
    /// </summary>
    private const string LongLivedPragmas =
        "PRAGMA cache_size=-65536; PRAGMA mmap_size=0; PRAGMA wal_autocheckpoint=4096; PRAGMA temp_store=MEMORY;";

    private const string ReaderPragmas = "PRAGMA query_only=ON; PRAGMA cache_size=-16384; PRAGMA mmap_size=0;";

    private static readonly ConditionalWeakTable<sqlite3, object> Configured = [];
    private static readonly object Marker = new();

    private readonly string _pooled;
    private readonly string _unpooled;

    public SqliteDatabase(string path, string schemaSql)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        };
        _pooled = builder.ToString();
        builder.Pooling = false;
        _unpooled = builder.ToString();

        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;" + schemaSql;
        command.ExecuteNonQuery();
    }

    /// <summary>A pooled connection for an occasional operation; dispose it to return it to the pool.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_pooled);
        connection.Open();
        if (!Configured.TryGetValue(connection.Handle!, out _))
        {
            Execute(connection, ConnectionPragmas);
            Configured.AddOrUpdate(connection.Handle!, Marker);
        }

        return connection;
    }

    /// <summary>
    /// A connection of its own for an owner that keeps it open and serializes its use: unpooled, so disposing it closes
    /// the file handle, and tuned for a warm cache.
    /// </summary>
    public SqliteConnection OpenLongLived()
    {
        var connection = new SqliteConnection(_unpooled);
        connection.Open();
        Execute(connection, ConnectionPragmas + LongLivedPragmas);
        return connection;
    }

    /// <summary>
    /// A connection of its own that only reads (<c>query_only</c>), for a reader pool: unpooled like
    /// <see cref="OpenLongLived"/>, with a 16 MiB page cache that keeps the id index and hot rows, and no memory map:
    /// each connection maps the file on its own, so random point reads page-faulted every page anew per connection and
    /// SQLite re-parsed each mapped page on every visit; with the map a loaded server answered a third fewer scores.
    /// </summary>
    public SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection(_unpooled);
        connection.Open();
        Execute(connection, ConnectionPragmas + ReaderPragmas);
        return connection;
    }

    public void Dispose()
    {
        using var connection = new SqliteConnection(_pooled);
        SqliteConnection.ClearPool(connection);
    }

    /// <summary>SQLITE_BUSY / SQLITE_LOCKED that outlasted the busy timeout: another writer holds the file.</summary>
    public static bool IsBusy(SqliteException ex) => ex.SqliteErrorCode is 5 or 6;

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
