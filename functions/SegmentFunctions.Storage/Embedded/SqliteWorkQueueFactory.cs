using System.Collections.Concurrent;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.Naming;

namespace SegmentFunctions.Storage.Embedded;

/// <summary>Embedded named queues, all in one SQLite file ($SEGMENT_DATA_DIR/queues.db).</summary>
public sealed class SqliteWorkQueueFactory : IWorkQueueFactory
{
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, SqliteWorkQueue> _queues = new(StringComparer.Ordinal);

    public SqliteWorkQueueFactory(string databasePath, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        _database = new SqliteDatabase(databasePath, SqliteWorkQueue.Schema);
        _time = timeProvider ?? TimeProvider.System;
    }

    public IWorkQueue Get(string queueName)
    {
        QueueNames.Validate(queueName);
        return _queues.GetOrAdd(queueName, name => new SqliteWorkQueue(_database, name, _time));
    }
}
