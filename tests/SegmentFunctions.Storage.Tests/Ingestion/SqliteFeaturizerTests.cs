using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.Embedded;
using Xunit.Abstractions;

namespace SegmentFunctions.Storage.Tests.Ingestion;

public sealed class SqliteFeaturizerTests(ITestOutputHelper output) : FeaturizerOnStoreContract(output), IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private FileDeadLetterSink? _deadLetters;
    private SqliteSuppressionList? _suppressions;

    protected override string StoreName => "SQLite";

    protected override IDeadLetterArchive DeadLetters => _deadLetters ??= new FileDeadLetterSink(Path.Combine(_directory.Path, "deadletter"));

    protected override ISuppressionList Suppressions => _suppressions ??= new SqliteSuppressionList(Path.Combine(_directory.Path, "suppressions.db"));

    protected override IFeatureStore CreateStore() =>
        new SqliteFeatureStore(Path.Combine(_directory.Path, $"features-{Guid.NewGuid():N}.db"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
