using Microsoft.Data.Sqlite;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.Embedded;

namespace SegmentFunctions.Storage.Tests.Queues;

public sealed class SqliteWorkQueueTests : WorkQueueContract, IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly SqliteWorkQueueFactory _queues;

    public SqliteWorkQueueTests()
    {
        _queues = new SqliteWorkQueueFactory(System.IO.Path.Combine(_directory.Path, "queues.db"));
    }

    protected override IWorkQueueFactory Queues => _queues;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
