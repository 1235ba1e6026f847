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
        using var other = new SqliteFeatureStore(System.IO.Path.Combine(_directory.Path, "features.db"));
        var id = NewCustomerId();
        var created = await _store.WriteAsync(Customer(id, orders: 1), null, CancellationToken.None);

        var fromOther = await other.WriteAsync(Customer(id, orders: 2), created.ETag, CancellationToken.None);
        var stale = await _store.WriteAsync(Customer(id, orders: 3), created.ETag, CancellationToken.None);

        Assert.True(fromOther.Succeeded);
        Assert.False(stale.Succeeded);
        Assert.Equal(2, (await _store.ReadAsync(id, CancellationToken.None))!.Features.Orders);
    }

    [Fact]
    public async Task Writes_completed_before_dispose_are_read_by_a_store_opened_on_the_file_afterwards()
    {
        var path = System.IO.Path.Combine(_directory.Path, "reopened.db");
        var ids = Enumerable.Range(0, 50).Select(_ => NewCustomerId()).ToList();
        using (var first = new SqliteFeatureStore(path))
        {
            await Task.WhenAll(ids.Select((id, i) => first.WriteAsync(Customer(id, orders: i + 1), null, CancellationToken.None)));
        }

        using var reopened = new SqliteFeatureStore(path);
        for (var i = 0; i < ids.Count; i++)
        {
            Assert.Equal(i + 1, (await reopened.ReadAsync(ids[i], CancellationToken.None))!.Features.Orders);
        }
    }

    /// <summary>Other tools (and files written by earlier versions) see the body as JSON text in the domain shape.</summary>
    [Fact]
    public async Task Body_is_stored_as_json_text_in_the_domain_shape()
    {
        var id = NewCustomerId();
        await _store.WriteAsync(Customer(id, orders: 4), null, CancellationToken.None);

        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={System.IO.Path.Combine(_directory.Path, "features.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT typeof(body), body FROM features WHERE customer_id = $id";
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal("text", reader.GetString(0));
        using var json = System.Text.Json.JsonDocument.Parse(reader.GetString(1));
        Assert.Equal(id, json.RootElement.GetProperty("customerId").GetString());
        Assert.Equal(4, json.RootElement.GetProperty("orders").GetInt32());
    }

    /// <summary>Files of earlier versions kept whole rows in a WITHOUT ROWID table; they are moved to the rowid layout on open.</summary>
    [Fact]
    public async Task A_file_with_the_earlier_without_rowid_table_keeps_its_documents_and_moves_to_the_rowid_layout()
    {
        var path = System.IO.Path.Combine(_directory.Path, "earlier.db");
        var id = NewCustomerId();
        var body = System.Text.Json.JsonSerializer.Serialize(Customer(id, orders: 6), Domain.Serialization.DomainJsonContext.Default.CustomerFeatures);
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                PRAGMA journal_mode=WAL;
                CREATE TABLE features (customer_id TEXT NOT NULL PRIMARY KEY, etag TEXT NOT NULL, body TEXT NOT NULL) WITHOUT ROWID;
                INSERT INTO features VALUES ($id, 'etag-1', $body);
                """;
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$body", body);
            command.ExecuteNonQuery();
        }

        using (var store = new SqliteFeatureStore(path))
        {
            var read = await store.ReadAsync(id, CancellationToken.None);
            Assert.Equal(("etag-1", 6), (read!.ETag, read.Features.Orders));
            Assert.Equal(6, (await store.ReadFeaturesAsync(id, CancellationToken.None))!.Orders);
            Assert.True((await store.WriteAsync(Customer(id, orders: 7), "etag-1", CancellationToken.None)).Succeeded);
        }

        using var check = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        check.Open();
        using var schema = check.CreateCommand();
        schema.CommandText = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'features'";
        Assert.DoesNotContain("WITHOUT ROWID", (string)schema.ExecuteScalar()!, StringComparison.OrdinalIgnoreCase);
        schema.CommandText = "SELECT count(*) FROM features";
        Assert.Equal(1L, schema.ExecuteScalar());
    }

    public void Dispose()
    {
        _store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
