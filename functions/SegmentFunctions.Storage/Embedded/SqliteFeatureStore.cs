using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Serialization;

namespace SegmentFunctions.Storage.Embedded;

/// <summary>
/// Feature documents in one SQLite table: customer_id, etag, and the document as two JSON parts in the domain shape as
/// UTF-8 text (<see cref="FeatureDocumentParts"/>): body, the document without its processing state, and processing,
/// that state. A serving read fetches the body alone, about a tenth of the bytes. A conditional write is a single
/// statement (INSERT ... DO NOTHING, or UPDATE ... WHERE etag = @etag), so the ETag check and the write are atomic for
/// concurrent writers in this and other processes.
/// </summary>
/// <remarks>
/// One connection, its statements compiled once, serves every caller under a lock: in WAL mode each commit makes every
/// other connection drop its page cache, so a pool of connections re-reads the file from the OS on every operation,
/// and SQLite takes one writer at a time anyway. JSON is encoded and decoded outside the lock. Writes are queued and
/// committed in groups, one transaction per group, by one thread-pool item at a time: each keeps its own condition
/// and result, and none completes before the commit that holds it.
/// </remarks>
public sealed class SqliteFeatureStore : IFeatureStore, IDisposable
{
    private const int PageSize = 512;
    private const int MaxWritesPerCommit = 256;

    /// <remarks>
    /// A rowid table with the customer id in its own index: the index b-tree holds only short keys, and the body is
    /// read once, from the row the index points to. Not WITHOUT ROWID: there the whole row is the key, so a lookup
    /// compares the wanted id with rows whose bodies SQLite reads in full for each comparison. The processing state is
    /// the last column: SQLite reads a row's overflow pages only as far as the columns asked for, so a serving read stops
    /// at the body. <see cref="SqliteFeatureTableLayout"/> moves files of earlier layouts to this one on first open.
    /// </remarks>
    private const string Schema = SqliteFeatureTableLayout.Table;

    private readonly SqliteDatabase _database;
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();
    private readonly ConcurrentQueue<PendingWrite> _writes = new();
    private readonly List<PendingWrite> _group = new(MaxWritesPerCommit);
    private readonly SqliteStatement _read;
    private readonly SqliteStatement _insert;
    private readonly SqliteStatement _update;
    private readonly SqliteStatement _delete;
    private readonly SqliteStatement _page;
    private readonly SqliteStatement _rangePage;
    private readonly SqliteStatement _count;
    private readonly SqliteStatement _keyAt;
    private readonly SqliteStatement _begin;
    private readonly SqliteStatement _commit;
    private readonly SqliteStatement _rollback;
    private readonly SqliteReaderPool _servingReaders;
    private bool _disposed;

    /// <summary>1 while a thread-pool item commits queued writes; it runs until the queue is empty.</summary>
    private int _committing;

    public SqliteFeatureStore(string databasePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        _database = new SqliteDatabase(databasePath, Schema);
        _connection = _database.OpenLongLived();
        SqliteFeatureTableLayout.MoveToCurrentLayout(_connection);
        _read = new SqliteStatement(_connection, "SELECT etag, body, processing FROM features WHERE customer_id = ?1");
        _insert = new SqliteStatement(_connection,
            "INSERT INTO features (customer_id, etag, body, processing) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (customer_id) DO NOTHING");
        _update = new SqliteStatement(_connection,
            "UPDATE features SET etag = ?2, body = ?3, processing = ?4 WHERE customer_id = ?1 AND etag = ?5");
        _delete = new SqliteStatement(_connection, "DELETE FROM features WHERE customer_id = ?1");
        _page = new SqliteStatement(_connection,
            "SELECT customer_id, body, processing FROM features WHERE customer_id > ?1 ORDER BY customer_id LIMIT ?2");
        _rangePage = new SqliteStatement(_connection,
            "SELECT customer_id, body, processing FROM features WHERE customer_id > ?1 AND customer_id <= ?3 ORDER BY customer_id LIMIT ?2");
        _count = new SqliteStatement(_connection, "SELECT COUNT(*) FROM features");
        _keyAt = new SqliteStatement(_connection, "SELECT customer_id FROM features ORDER BY customer_id LIMIT 1 OFFSET ?1");
        _begin = new SqliteStatement(_connection, "BEGIN IMMEDIATE");
        _commit = new SqliteStatement(_connection, "COMMIT");
        _rollback = new SqliteStatement(_connection, "ROLLBACK");
        _servingReaders = new SqliteReaderPool(_database, "SELECT body FROM features WHERE customer_id = ?1");
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            while (!_writes.IsEmpty)
            {
                CommitQueuedWrites();
            }

            _disposed = true;
            foreach (var statement in new[] { _read, _insert, _update, _delete, _page, _rangePage, _count, _keyAt, _begin, _commit, _rollback })
            {
                statement.Dispose();
            }

            _servingReaders.Dispose();
            _connection.Dispose();
            _database.Dispose();
        }
    }

    public Task<StoredFeatures?> ReadAsync(string customerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        cancellationToken.ThrowIfCancellationRequested();
        string etag;
        byte[] buffer;
        int bodyLength, processingLength;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                _read.Bind(1, customerId);
                if (!_read.Step())
                {
                    return Task.FromResult<StoredFeatures?>(null);
                }

                etag = _read.GetString(0);
                var body = _read.GetBytes(1);
                var processing = _read.GetBytes(2);
                (bodyLength, processingLength) = (body.Length, processing.Length);
                buffer = ArrayPool<byte>.Shared.Rent(bodyLength + processingLength);
                body.CopyTo(buffer);
                processing.CopyTo(buffer.AsSpan(bodyLength));
            }
            catch (SqliteException ex) when (SqliteDatabase.IsBusy(ex))
            {
                throw Unavailable(ex);
            }
            finally
            {
                _read.Reset();
            }
        }

        try
        {
            var features = FeatureDocumentParts.Decode(buffer.AsSpan(0, bodyLength), buffer.AsSpan(bodyLength, processingLength));
            return Task.FromResult<StoredFeatures?>(new StoredFeatures(features, etag));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <remarks>
    /// Reads the body only, not the processing state. Runs on a pooled read-only connection, not under the lock, so
    /// score requests read in parallel with each other and with ingestion; the body is decoded straight from SQLite's
    /// row buffer, before the statement is reset.
    /// </remarks>
    public ValueTask<CustomerFeatures?> ReadFeaturesAsync(string customerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
        var reader = _servingReaders.Rent();
        try
        {
            var statement = reader.Statement;
            try
            {
                statement.Bind(1, customerId);
                return new(statement.Step() ? FeatureDocumentParts.DecodeFeatures(statement.GetBytes(0)) : null);
            }
            catch (SqliteException ex) when (SqliteDatabase.IsBusy(ex))
            {
                throw Unavailable(ex);
            }
            finally
            {
                statement.Reset();
            }
        }
        finally
        {
            _servingReaders.Return(reader);
        }
    }

    public Task<FeatureWriteResult> WriteAsync(CustomerFeatures features, string? ifMatchETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentException.ThrowIfNullOrEmpty(features.CustomerId);
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
        var write = new PendingWrite(features.CustomerId, ifMatchETag,
            FeatureDocumentParts.EncodeFeatures(features), FeatureDocumentParts.EncodeProcessing(features.Processing));
        _writes.Enqueue(write);
        if (Interlocked.CompareExchange(ref _committing, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static store => store.CommitWhileQueued(), this, preferLocal: false);
        }

        return write.Task;
    }

    public Task<bool> DeleteAsync(string customerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                _delete.Bind(1, customerId);
                _delete.Execute();
                return Task.FromResult(_delete.Changes > 0);
            }
            catch (SqliteException ex) when (SqliteDatabase.IsBusy(ex))
            {
                throw Unavailable(ex);
            }
            finally
            {
                _delete.Reset();
            }
        }
    }

    /// <remarks>
    /// Pages by key (customer_id &gt; last seen), each page read in one short statement, so a long scan neither holds
    /// a read snapshot that stops WAL checkpoints nor the lock while the caller works; a page is decoded in parallel.
    /// </remarks>
    public IAsyncEnumerable<CustomerFeatures> ReadAllAsync(CancellationToken cancellationToken) => ReadKeysAsync(string.Empty, null, cancellationToken);

    /// <summary>
    /// Key ranges of about equal document counts: (after, up to] by customer id, the first after the empty id and the
    /// last without an upper key, so together they hold every document, also those written after the split. A token
    /// is "keys:" and the two keys' UTF-8 in hex, "*" for no upper key.
    /// </summary>
    public Task<IReadOnlyList<string>> SplitAsync(int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        cancellationToken.ThrowIfCancellationRequested();
        var bounds = new List<string> { string.Empty };
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                var documents = Scalar(_count, () => _count.GetInt64(0));
                for (var k = 1; k < count && k * documents / count > 0; k++)
                {
                    _keyAt.Bind(1, (k * documents / count) - 1);
                    var key = Scalar(_keyAt, () => _keyAt.GetString(0));
                    if (key is not null && string.CompareOrdinal(key, bounds[^1]) > 0)
                    {
                        bounds.Add(key);
                    }
                }
            }
            catch (SqliteException ex) when (SqliteDatabase.IsBusy(ex))
            {
                throw Unavailable(ex);
            }
        }

        IReadOnlyList<string> ranges = [.. bounds.Select((after, k) => SqliteKeyRange.Token(after, k + 1 < bounds.Count ? bounds[k + 1] : null))];
        return Task.FromResult(ranges);
    }

    /// <exception cref="ArgumentException">The token is not a key range of <see cref="SplitAsync"/>.</exception>
    public IAsyncEnumerable<CustomerFeatures> ReadRangeAsync(string range, CancellationToken cancellationToken)
    {
        if (range == IFeatureStore.WholeStore)
        {
            return ReadAllAsync(cancellationToken);
        }

        var (after, upTo) = SqliteKeyRange.Parse(range);
        return ReadKeysAsync(after, upTo, cancellationToken);
    }

    private static T? Scalar<T>(SqliteStatement statement, Func<T> read)
    {
        try
        {
            return statement.Step() ? read() : default;
        }
        finally
        {
            statement.Reset();
        }
    }

    private async IAsyncEnumerable<CustomerFeatures> ReadKeysAsync(string after, string? upTo, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (lastId, bodies) = ReadPage(after, upTo);
            var documents = await Task.Run(() =>
            {
                var decoded = new CustomerFeatures[bodies.Count];
                Parallel.For(0, bodies.Count, new ParallelOptions { CancellationToken = cancellationToken },
                    i => decoded[i] = FeatureDocumentParts.Decode(bodies[i].Body, bodies[i].Processing));
                return decoded;
            }, cancellationToken).ConfigureAwait(false);

            foreach (var document in documents)
            {
                yield return document;
            }

            if (bodies.Count < PageSize)
            {
                yield break;
            }

            after = lastId!;
        }
    }

    private (string? LastId, List<(byte[] Body, byte[] Processing)> Bodies) ReadPage(string after, string? upTo)
    {
        var page = upTo is null ? _page : _rangePage;
        var bodies = new List<(byte[] Body, byte[] Processing)>(PageSize);
        string? lastId = null;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                page.Bind(1, after);
                page.Bind(2, PageSize);
                if (upTo is not null)
                {
                    page.Bind(3, upTo);
                }

                while (page.Step())
                {
                    lastId = page.GetString(0);
                    bodies.Add((page.GetBytes(1).ToArray(), page.GetBytes(2).ToArray()));
                }
            }
            catch (SqliteException ex) when (SqliteDatabase.IsBusy(ex))
            {
                throw Unavailable(ex);
            }
            finally
            {
                page.Reset();
            }
        }

        return (lastId, bodies);
    }

    /// <summary>
    /// Commits queued writes until none is left. A writer that finds a commit running only queues its write: it
    /// joins the next group. Clearing the flag is a full fence, so a write queued just after the last look at the queue
    /// is either seen here or finds the flag clear and starts the next run.
    /// </summary>
    private void CommitWhileQueued()
    {
        do
        {
            lock (_gate)
            {
                while (!_writes.IsEmpty)
                {
                    CommitQueuedWrites();
                }
            }

            Interlocked.Exchange(ref _committing, 0);
        }
        while (!_writes.IsEmpty && Interlocked.CompareExchange(ref _committing, 1, 0) == 0);
    }

    /// <summary>
    /// Runs the queued writes, oldest first, in one transaction (alone, a write is its own) and then completes them.
    /// Any failure rolls back the whole group and is given to each of its writers, so none reports a write that was
    /// not committed. Called under the lock.
    /// </summary>
    private void CommitQueuedWrites()
    {
        _group.Clear();
        while (_group.Count < MaxWritesPerCommit && _writes.TryDequeue(out var queued))
        {
            _group.Add(queued);
        }

        if (_disposed)
        {
            foreach (var write in _group)
            {
                write.TrySetException(new ObjectDisposedException(nameof(SqliteFeatureStore)));
            }

            return;
        }

        var inTransaction = _group.Count > 1;
        var results = new FeatureWriteResult[_group.Count];
        try
        {
            if (inTransaction)
            {
                Run(_begin);
            }

            for (var i = 0; i < _group.Count; i++)
            {
                results[i] = Apply(_group[i]);
            }

            if (inTransaction)
            {
                Run(_commit);
            }
        }
        catch (Exception ex)
        {
            if (inTransaction && SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) == 0)
            {
                RollBack();
            }

            var error = ex is SqliteException sqlite && SqliteDatabase.IsBusy(sqlite) ? Unavailable(sqlite) : ex;
            foreach (var write in _group)
            {
                write.TrySetException(error);
            }

            return;
        }

        for (var i = 0; i < _group.Count; i++)
        {
            _group[i].TrySetResult(results[i]);
        }
    }

    private FeatureWriteResult Apply(PendingWrite write)
    {
        var statement = write.IfMatchETag is null ? _insert : _update;
        try
        {
            statement.Bind(1, write.CustomerId);
            statement.Bind(2, write.ETag);
            statement.BindUtf8(3, write.Body);
            statement.BindUtf8(4, write.Processing);
            if (write.IfMatchETag is not null)
            {
                statement.Bind(5, write.IfMatchETag);
            }

            statement.Execute();
            return statement.Changes == 0 ? FeatureWriteResult.Conflict : FeatureWriteResult.Written(write.ETag);
        }
        finally
        {
            statement.Reset();
        }
    }

    private void RollBack()
    {
        try
        {
            Run(_rollback);
        }
        catch (SqliteException)
        {
            // SQLite rolls back a transaction it cannot finish by itself; the error that stopped it is the one to report.
        }
    }

    private static void Run(SqliteStatement statement)
    {
        try
        {
            statement.Execute();
        }
        finally
        {
            statement.Reset();
        }
    }

    private static StoreUnavailableException Unavailable(SqliteException ex) =>
        new("The embedded feature database stayed locked by another writer.", ex);

    /// <summary>A conditional write waiting for the group commit that runs it; completes with its result.</summary>
    private sealed class PendingWrite(string customerId, string? ifMatchETag, byte[] body, byte[] processing)
        : TaskCompletionSource<FeatureWriteResult>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public string CustomerId { get; } = customerId;
        public string? IfMatchETag { get; } = ifMatchETag;
        public byte[] Body { get; } = body;
        public byte[] Processing { get; } = processing;
        public string ETag { get; } = Guid.NewGuid().ToString("N");
    }
}
