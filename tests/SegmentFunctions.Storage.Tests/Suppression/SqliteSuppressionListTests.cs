using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.Embedded;

namespace SegmentFunctions.Storage.Tests.Suppression;

public sealed class SqliteSuppressionListTests : SuppressionListContract, IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly SqliteSuppressionList _list;

    public SqliteSuppressionListTests()
    {
        _list = new SqliteSuppressionList(Path.Combine(_directory.Path, "suppressions.db"));
    }

    protected override ISuppressionList List => _list;

    public void Dispose()
    {
        _list.Dispose();
        _directory.Dispose();
    }
}
