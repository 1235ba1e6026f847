using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace SegmentFunctions.Storage.Embedded;

/// <summary>
/// One SQL statement compiled once on a long-lived connection and run many times, through the native API so that
/// document bodies go in and out as UTF-8 spans (no transcoding to UTF-16 strings and back). Not thread-safe: the
/// owner serializes use of its connection. Every run ends with <see cref="Reset"/>, which also ends the read
/// transaction a SELECT opened.
/// </summary>
internal sealed class SqliteStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public SqliteStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        Check(raw.sqlite3_prepare_v3(_db, sql, raw.SQLITE_PREPARE_PERSISTENT, out _statement));
    }

    public void Bind(int index, string value) => Check(raw.sqlite3_bind_text(_statement, index, value));

    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    /// <summary>Binds UTF-8 text without copying it to a string first; SQLite copies it before this returns.</summary>
    public void BindUtf8(int index, ReadOnlySpan<byte> value) => Check(raw.sqlite3_bind_text(_statement, index, value));

    /// <summary>Runs to the next row: true when there is one, false when the statement is done.</summary>
    public bool Step()
    {
        var rc = raw.sqlite3_step(_statement);
        return rc switch
        {
            raw.SQLITE_ROW => true,
            raw.SQLITE_DONE => false,
            _ => throw Error(rc),
        };
    }

    /// <summary>Runs a statement that returns no rows.</summary>
    public void Execute()
    {
        if (Step())
        {
            throw new InvalidOperationException("A statement expected to return no rows returned one.");
        }
    }

    /// <summary>Rows changed by the last INSERT, UPDATE or DELETE on the connection.</summary>
    public int Changes => raw.sqlite3_changes(_db);

    public long GetInt64(int column) => raw.sqlite3_column_int64(_statement, column);

    public string GetString(int column) => raw.sqlite3_column_text(_statement, column).utf8_to_string();

    /// <summary>The column's bytes (UTF-8 for text), valid only until the next step or reset.</summary>
    public ReadOnlySpan<byte> GetBytes(int column) => raw.sqlite3_column_blob(_statement, column);

    /// <summary>Makes the statement ready to run again and drops its bindings; never throws.</summary>
    public void Reset()
    {
        raw.sqlite3_reset(_statement);
        raw.sqlite3_clear_bindings(_statement);
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw Error(rc);
        }
    }

    private SqliteException Error(int rc) =>
        new(raw.sqlite3_errmsg(_db).utf8_to_string() ?? $"SQLite error {rc}.", rc, raw.sqlite3_extended_errcode(_db));
}
