using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.Embedded;
using static SegmentFunctions.Storage.Tests.Features.FeatureSamples;

namespace SegmentFunctions.Storage.Tests.Features;

public sealed class SqliteFeatureStoreTests : FeatureStoreContract, IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly SqliteFeatureStore _store;

    public SqliteFeatureStoreTests()
    {
        _store = new SqliteFeatureStore(System.IO.Path.Combine(_directory.Path, "features.db"));
    }

    protected override IFeatureStore Store => _store;

    /// <summary>Two store instances stand for two processes sharing the file: the ETag check still holds across them.</summary>
    [Fact]
    public async Task Two_store_instances_on_one_file_see_each_others_writes_and_conflicts()
    {
        var other = new SqliteFeatureStore(System.IO.Path.Combine(_directory.Path, "features.db"));
        var id = NewCustomerId();
        var created = await _store.WriteAsync(Customer(id, orders: 1), null, CancellationToken.None);

        var fromOther = await other.WriteAsync(Customer(id, orders: 2), created.ETag, CancellationToken.None);
        var stale = await _store.WriteAsync(Customer(id, orders: 3), created.ETag, CancellationToken.None);

        Assert.True(fromOther.Succeeded);
        Assert.False(stale.Succeeded);
        Assert.Equal(2, (await _store.ReadAsync(id, CancellationToken.None))!.Features.Orders);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
