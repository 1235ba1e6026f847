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

    [Fact]
    public async Task A_split_gives_key_ranges_of_about_equal_document_counts()
    {
        var ids = Enumerable.Range(0, 1_000).Select(_ => NewCustomerId()).ToList();
        await Task.WhenAll(ids.Select(id => _store.WriteAsync(Customer(id), null, CancellationToken.None)));

        var ranges = await _store.SplitAsync(4, CancellationToken.None);
        var counts = new List<int>();
        foreach (var range in ranges)
        {
            var read = new List<string>();
            await foreach (var features in _store.ReadRangeAsync(range, CancellationToken.None))
            {
                read.Add(features.CustomerId);
            }

            Assert.Equal(read.Order(StringComparer.Ordinal), read);
            counts.Add(read.Count);
        }

        Assert.Equal([250, 250, 250, 250], counts);
        using var empty = new SqliteFeatureStore(System.IO.Path.Combine(_directory.Path, "empty.db"));
        Assert.Single(await empty.SplitAsync(4, CancellationToken.None));
    }

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

    /// <summary>
    /// Other tools see both parts as JSON text in the domain shape: the body is the document without its processing state
    /// (a tenth of the bytes, what the serving read fetches), the state is a column of its own.
    /// </summary>
    [Fact]
    public async Task The_processing_state_is_kept_apart_from_the_body_both_as_json_text()
    {
        var id = NewCustomerId();
        await _store.WriteAsync(Customer(id, orders: 2), null, CancellationToken.None);

        using var connection = OpenDirectly(System.IO.Path.Combine(_directory.Path, "features.db"));
        Assert.Equal("text text", Scalar(connection, "SELECT typeof(body) || ' ' || typeof(processing) FROM features WHERE customer_id = $id", id));
        using (var body = System.Text.Json.JsonDocument.Parse(Scalar(connection, "SELECT body FROM features WHERE customer_id = $id", id)!))
        {
            Assert.Equal(2, body.RootElement.GetProperty("orders").GetInt32());
            Assert.False(body.RootElement.TryGetProperty("processing", out _));
        }

        using var state = System.Text.Json.JsonDocument.Parse(Scalar(connection, "SELECT processing FROM features WHERE customer_id = $id", id)!);
        Assert.Equal(42, state.RootElement.GetProperty("watermarks").GetProperty("hub/0").GetInt64());
    }

    /// <summary>
    /// Files of earlier versions kept whole documents in <c>features.body</c>, first in a WITHOUT ROWID table, then in a
    /// rowid table; both are split into the current layout on open, keeping ETags and processing states.
    /// </summary>
    [Theory]
    [InlineData(" WITHOUT ROWID")]
    [InlineData("")]
    public async Task A_file_of_an_earlier_layout_keeps_its_documents_and_moves_to_the_current_layout(string tableOptions)
    {
        var path = System.IO.Path.Combine(_directory.Path, "earlier.db");
        var id = NewCustomerId();
        var body = System.Text.Json.JsonSerializer.Serialize(Customer(id, orders: 6), Domain.Serialization.DomainJsonContext.Default.CustomerFeatures);
        using (var connection = OpenDirectly(path))
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                PRAGMA journal_mode=WAL;
                CREATE TABLE features (customer_id TEXT NOT NULL PRIMARY KEY, etag TEXT NOT NULL, body TEXT NOT NULL){tableOptions};
                INSERT INTO features VALUES ($id, 'etag-1', $body);
                """;
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$body", body);
            command.ExecuteNonQuery();
        }

        using (var store = new SqliteFeatureStore(path))
        {
            var read = await store.ReadAsync(id, CancellationToken.None);
            Assert.Equal(("etag-1", 6, 42L), (read!.ETag, read.Features.Orders, read.Features.Processing.Watermarks["hub/0"]));
            Assert.Equal(Customer(id).Processing.RecentKeys.Keys.ToArray(), read.Features.Processing.RecentKeys.Keys.ToArray());
            Assert.Equal(6, (await store.ReadFeaturesAsync(id, CancellationToken.None))!.Orders);
            Assert.True((await store.WriteAsync(Customer(id, orders: 7), "etag-1", CancellationToken.None)).Succeeded);
        }

        using var check = OpenDirectly(path);
        Assert.DoesNotContain("WITHOUT ROWID", Scalar(check, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'features'"), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("processing", Scalar(check, "SELECT body FROM features WHERE customer_id = $id", id), StringComparison.Ordinal);
        Assert.Contains("hub/0", Scalar(check, "SELECT processing FROM features WHERE customer_id = $id", id), StringComparison.Ordinal);
        Assert.Equal("1", Scalar(check, "SELECT CAST(count(*) AS TEXT) FROM features"));
    }

    private static Microsoft.Data.Sqlite.SqliteConnection OpenDirectly(string path)
    {
        var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        return connection;
    }

    private static string? Scalar(Microsoft.Data.Sqlite.SqliteConnection connection, string sql, string? id = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (id is not null)
        {
            command.Parameters.AddWithValue("$id", id);
        }

        return command.ExecuteScalar() as string;
    }

    public void Dispose()
    {
        _store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
