using Microsoft.Data.Sqlite;

namespace SegmentFunctions.Storage.Embedded;

/// <summary>
/// Read-only connections to one database, each with one statement compiled once, lent to one caller at a time: point
/// reads then run side by side (WAL readers block neither each other nor the writer) instead of queueing behind the
/// lock of the store's writing connection. A connection is opened when none is idle; at most <see cref="Slots"/> stay
/// open for the next reads. Renting and returning allocate nothing.
/// </summary>
internal sealed class SqliteReaderPool : IDisposable
{
    private readonly SqliteDatabase _database;
    private readonly string _sql;
    private readonly Reader?[] _idle;
    private volatile bool _disposed;

    public SqliteReaderPool(SqliteDatabase database, string sql)
    {
        _database = database;
        _sql = sql;
        _idle = new Reader?[Slots];
    }

    /// <summary>Enough for every thread that can run a read at once on this machine, with room for the thread pool's bursts.</summary>
    public static int Slots { get; } = Math.Max(64, 8 * Environment.ProcessorCount);

    public Reader Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        for (var i = 0; i < _idle.Length; i++)
        {
            if (Volatile.Read(ref _idle[i]) is not null && Interlocked.Exchange(ref _idle[i], null) is { } reader)
            {
                return reader;
            }
        }

        return new Reader(_database.OpenReader(), _sql);
    }

    public void Return(Reader reader)
    {
        for (var i = 0; !_disposed && i < _idle.Length; i++)
        {
            if (Interlocked.CompareExchange(ref _idle[i], reader, null) is null)
            {
                // Dispose may have emptied the slots just before this one was filled.
                if (_disposed && Interlocked.Exchange(ref _idle[i], null) is { } late)
                {
                    late.Dispose();
                }

                return;
            }
        }

        reader.Dispose();
    }

    public void Dispose()
    {
        _disposed = true;
        for (var i = 0; i < _idle.Length; i++)
        {
            Interlocked.Exchange(ref _idle[i], null)?.Dispose();
        }
    }

    /// <summary>One connection and its statement; used by one caller at a time.</summary>
    internal sealed class Reader(SqliteConnection connection, string sql) : IDisposable
    {
        public SqliteStatement Statement { get; } = new(connection, sql);

        public void Dispose()
        {
            Statement.Dispose();
            connection.Dispose();
        }
    }
}
