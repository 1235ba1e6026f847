using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Parquet;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Serialization;
using SegmentFunctions.Storage.Embedded;

namespace SegmentFunctions.Storage.Tests.Snapshots;

/// <summary>
/// Snapshots written from a real SQLite feature store to each blob store implementation and read back.
/// Row groups of 7 rows make every snapshot span several groups.
/// </summary>
public abstract class SnapshotContract : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));
    private readonly TemporaryDirectory _directory = new();
    private readonly SqliteFeatureStore _features;
    private readonly ManualTimeProvider _clock = new(Now);
    private readonly IOptions<SnapshotOptions> _options;

    protected SnapshotContract()
    {
        _features = new SqliteFeatureStore(Path.Combine(_directory.Path, "features.db"));
        _options = Options.Create(new SnapshotOptions
        {
            Container = "s" + Guid.NewGuid().ToString("N")[..20],
            RowGroupSize = 7,
            KeepNewest = 2,
            MaxAge = TimeSpan.FromDays(30),
            IncompleteGracePeriod = TimeSpan.FromDays(1),
        });
    }

    protected abstract IBlobStore Store { get; }

    /// <summary>A folder deleted after the test, for local blob stores.</summary>
    protected string ScratchPath => _directory.Path;

    private CancellationToken Ct => _timeout.Token;

    private SnapshotLayout Layout => new(_options.Value.Container);

    private FeatureSnapshotWriter Writer => new(_features, Store, _options, _clock, NullLogger<FeatureSnapshotWriter>.Instance);

    private FeatureSnapshotReader Reader => new(Store, _options);

    private SnapshotCatalog Catalog => new(Store, _options, _clock, NullLogger<SnapshotCatalog>.Instance);

    [Fact]
    public async Task A_snapshot_reads_back_the_documents_of_the_store_without_their_processing_state()
    {
        var customers = await SeedAsync(40);
        Assert.Contains(customers, c => c.Processing.RecentKeys.Count > 0);

        var manifest = await Writer.WriteAsync(new SnapshotRequest("s1", Now, "sqlite"), include: null, Ct);
        var read = await ReadAllAsync("s1");

        Assert.Equal(40, manifest.RowCount);
        Assert.Equal(0, manifest.ExcludedCount);
        Assert.Equal(CustomerFeatures.CurrentSchemaVersion, manifest.FeatureSchemaVersion);
        Assert.Equal("sqlite", manifest.Source);
        Assert.Equal(Now, manifest.AsOf);
        Assert.Equal(Json(WithoutProcessingState(customers)), Json(read));
        Assert.All(read, d => Assert.Equal(0, d.Processing.RecentKeys.Count));
        Assert.Equal(manifest, await Reader.ReadManifestAsync("s1", Ct));
        var shards = manifest.Shards!;
        Assert.Equal([0, 1, 2, 3], shards.Select(s => s.Index));
        Assert.Equal([10L, 10L, 10L, 10L], shards.Select(s => s.RowCount));
        Assert.Equal(FeatureSnapshotWriter.ContentHash(shards), manifest.ContentSha256);
        var lengths = new List<long>();
        foreach (var shard in shards)
        {
            lengths.Add((await Store.GetPropertiesAsync(Layout.Shard("s1", shard.Index), Ct))!.Length);
        }

        Assert.Equal(shards.Select(s => s.ContentLength), lengths);
        Assert.Equal(manifest.ContentLength, lengths.Sum());
        string[] expected = [.. shards.SelectMany(s => new[] { Layout.Shard("s1", s.Index), Layout.ShardRecord("s1", s.Index) }), Layout.Manifest("s1"), Layout.Plan("s1")];
        Assert.Equal(expected.Order(StringComparer.Ordinal), (await ListPathsAsync(Layout.Folder("s1"))).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Shards_written_one_by_one_by_separate_writers_make_the_same_snapshot_as_one_writer()
    {
        var customers = await SeedAsync(30);
        var request = new SnapshotRequest("parts", Now, "sqlite");

        var plan = await Writer.PlanAsync(request, Ct);
        var shards = await Task.WhenAll(Enumerable.Range(0, plan.Ranges.Count).Select(i => Writer.WriteShardAsync(plan, i, null, null, Ct)));
        var again = await Writer.WriteShardAsync(await Writer.PlanAsync(request, Ct), 1, null, null, Ct);
        await Assert.ThrowsAsync<ArgumentException>(() => Writer.CompleteAsync(plan, shards[..3], Ct));
        var manifest = await Writer.CompleteAsync(plan, shards, Ct);
        var whole = await Writer.WriteAsync(new SnapshotRequest("whole", Now, "sqlite"), include: null, Ct);

        Assert.Equal(4, plan.Ranges.Count);
        Assert.Equal(shards[1], again);
        Assert.Equal(30, manifest.RowCount);
        Assert.Equal(whole.Shards!.Select(s => s.ContentSha256), manifest.Shards!.Select(s => s.ContentSha256));
        Assert.Equal(Json(WithoutProcessingState(customers)), Json(await ReadAllAsync("parts")));
        var second = new List<CustomerFeatures>();
        await foreach (var group in Reader.ReadShardRowGroupsAsync("parts", 1, Ct))
        {
            second.AddRange(Enumerable.Range(0, group.Count).Select(group.Decode));
        }

        Assert.Equal(Json(WithoutProcessingState(customers)).Skip(7).Take(8), Json(second));
    }

    [Fact]
    public async Task A_write_resumed_after_a_crash_writes_only_the_shards_that_were_not_complete()
    {
        var customers = await SeedAsync(24);
        var request = new SnapshotRequest("s1", Now, "sqlite");
        var plan = await Writer.PlanAsync(request, Ct);
        foreach (var shard in new[] { 0, 1, 3 })
        {
            await Writer.WriteShardAsync(plan, shard, null, null, Ct);
        }

        // The crash: shard 2's file was uploaded, its record never written.
        await Store.WriteAsync(Layout.Shard("s1", 2), new MemoryStream([1, 2, 3]), BlobCondition.None, Ct);
        var before = await ETagsAsync("s1", [0, 1, 3]);

        var manifest = await Writer.WriteAsync(request, include: null, Ct);

        Assert.Equal(before, await ETagsAsync("s1", [0, 1, 3]));
        Assert.Equal(24, manifest.RowCount);
        Assert.Equal(Json(WithoutProcessingState(customers)), Json(await ReadAllAsync("s1")));
    }

    private async Task<List<string>> ETagsAsync(string snapshotId, int[] shards)
    {
        var etags = new List<string>();
        foreach (var shard in shards)
        {
            etags.Add((await Store.GetPropertiesAsync(Layout.Shard(snapshotId, shard), Ct))!.ETag);
            etags.Add((await Store.GetPropertiesAsync(Layout.ShardRecord(snapshotId, shard), Ct))!.ETag);
        }

        return etags;
    }

    [Fact]
    public async Task A_snapshot_written_as_one_file_before_sharding_still_reads_back()
    {
        var customers = await SeedAsync(9);
        var oneShard = Options.Create(new SnapshotOptions { Container = _options.Value.Container, RowGroupSize = 7, Shards = 1 });
        var sharded = await new FeatureSnapshotWriter(_features, Store, oneShard, _clock, NullLogger<FeatureSnapshotWriter>.Instance)
            .WriteAsync(new SnapshotRequest("s1", Now, "sqlite"), include: null, Ct);
        var only = await ReadBytesAsync(Layout.Shard("s1", 0));

        // The layout of a snapshot written before sharding: one features.parquet, the manifest without shards.
        await Store.WriteAsync(Layout.Features("old"), new MemoryStream(only), BlobCondition.None, Ct);
        var legacy = sharded with
        {
            SnapshotId = "old", Shards = null, ContentSha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(only)), ContentLength = only.Length,
        };
        await Store.WriteAsync(Layout.Manifest("old"), new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(legacy, new JsonSerializerOptions(JsonSerializerDefaults.Web))), BlobCondition.None, Ct);

        Assert.Equal(Json(WithoutProcessingState(customers)), Json(await ReadAllAsync("old")));
    }

    [Fact]
    public async Task A_sum_beyond_the_parquet_decimal_is_written_as_null_and_counted_not_refused()
    {
        await SeedAsync(3);
        var huge = new CustomerFeatures { CustomerId = "c-huge", Orders = 1, Revenue = 2e20m, RefundAmount = 3e20m };
        Assert.True((await _features.WriteAsync(huge, null, Ct)).Succeeded);

        var manifest = await Writer.WriteAsync(new SnapshotRequest("s1", Now, "sqlite"), include: null, Ct);
        var read = await ReadAllAsync("s1");

        Assert.Equal(4, manifest.RowCount);
        Assert.Equal(2, manifest.UnrepresentableValues);
        Assert.Equal(2e20m, Assert.Single(read, d => d.CustomerId == "c-huge").Revenue);
    }

    [Fact]
    public async Task A_second_writer_of_an_id_being_written_is_refused()
    {
        await SeedAsync(3);
        await using (var held = await Store.TryAcquireLeaseAsync(Layout.WriterLock("s1", 0), TimeSpan.FromSeconds(15), Ct))
        {
            Assert.NotNull(held);

            var error = await Assert.ThrowsAsync<SnapshotInProgressException>(
                () => Writer.WriteAsync(new SnapshotRequest("s1", Now, "sqlite"), include: null, Ct));

            Assert.Equal("s1", error.SnapshotId);
            Assert.Empty(await Catalog.ListAsync(Ct));
        }

        Assert.Equal(3, (await Writer.WriteAsync(new SnapshotRequest("s1", Now, "sqlite"), include: null, Ct)).RowCount);
    }

    [Fact]
    public async Task The_analytics_columns_hold_the_document_fields()
    {
        var customers = (await SeedAsync(12)).ToDictionary(c => c.CustomerId, StringComparer.Ordinal);
        var manifest = await Writer.WriteAsync(new SnapshotRequest("s1", Now, "sqlite"), include: null, Ct);

        var rows = 0;
        foreach (var shard in manifest.Shards!)
        {
            rows += await CheckAnalyticsColumnsAsync(Layout.Shard("s1", shard.Index), customers);
        }

        Assert.Equal(12, rows);
    }

    private async Task<int> CheckAnalyticsColumnsAsync(string path, Dictionary<string, CustomerFeatures> customers)
    {
        await using var file = new MemoryStream(await ReadBytesAsync(path));
        await using var parquet = await ParquetReader.CreateAsync(file, cancellationToken: Ct);
        var rows = 0;
        for (var g = 0; g < parquet.RowGroupCount; g++)
        {
            using var group = parquet.OpenRowGroupReader(g);
            var fields = parquet.Schema.GetDataFields().ToDictionary(f => f.Name, StringComparer.Ordinal);
            var n = (int)group.RowCount;
            var ids = new string?[n];
            var orders = new int[n];
            var revenue = new decimal?[n];
            var lastPurchase = new DateTime?[n];
            var purchases = new long[n];
            await group.ReadAsync(fields["customerId"], ids.AsMemory(), cancellationToken: Ct);
            await group.ReadAsync(fields["orders"], orders.AsMemory(), cancellationToken: Ct);
            await group.ReadAsync(fields["revenue"], revenue.AsMemory(), cancellationToken: Ct);
            await group.ReadAsync(fields["lastPurchaseAt"], lastPurchase.AsMemory(), cancellationToken: Ct);
            await group.ReadAsync(fields["events_purchase"], purchases.AsMemory(), cancellationToken: Ct);
            for (var i = 0; i < n; i++, rows++)
            {
                var expected = customers[ids[i]!];
                Assert.Equal(expected.Orders, orders[i]);
                Assert.Equal(expected.Revenue, revenue[i]);
                Assert.Equal(expected.LastPurchaseAt?.UtcDateTime, lastPurchase[i]);
                Assert.Equal(expected.Count("purchase"), purchases[i]);
            }
        }

        return rows;
    }

    [Fact]
    public async Task The_include_predicate_leaves_out_documents_and_counts_them()
    {
        var customers = await SeedAsync(20);

        var manifest = await Writer.WriteAsync(new SnapshotRequest("s1", Now, "sqlite"), include: f => f.Orders == 0, Ct);
        var read = await ReadAllAsync("s1");

        var expected = customers.Where(f => f.Orders == 0).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(20 - expected.Count, manifest.ExcludedCount);
        Assert.Equal(Json(WithoutProcessingState(expected)), Json(read));
    }

    [Fact]
    public async Task An_empty_store_gives_an_empty_complete_snapshot()
    {
        var manifest = await Writer.WriteAsync(new SnapshotRequest("empty", Now, "sqlite"), include: null, Ct);

        Assert.Equal(0, manifest.RowCount);
        Assert.Empty(await ReadAllAsync("empty"));
        Assert.Single(await Catalog.ListAsync(Ct));
    }

    [Fact]
    public async Task Writing_a_complete_snapshot_again_returns_its_manifest_unchanged()
    {
        await SeedAsync(5);
        var first = await Writer.WriteAsync(new SnapshotRequest("s1", Now, "sqlite"), include: null, Ct);
        await _features.WriteAsync(new CustomerFeatures { CustomerId = "late" }, null, Ct);

        var second = await Writer.WriteAsync(new SnapshotRequest("s1", Now.AddHours(1), "sqlite"), include: null, Ct);

        Assert.Equal(first, second);
        Assert.Equal(5, (await ReadAllAsync("s1")).Count);
    }

    [Fact]
    public async Task A_changed_byte_in_the_parquet_file_fails_the_hash_check()
    {
        await SeedAsync(10);
        await Writer.WriteAsync(new SnapshotRequest("s1", Now, "sqlite"), include: null, Ct);
        var bytes = await ReadBytesAsync(Layout.Shard("s1", 2));
        bytes[bytes.Length / 2] ^= 0x5a;
        await Store.WriteAsync(Layout.Shard("s1", 2), new MemoryStream(bytes), BlobCondition.None, Ct);

        var error = await Assert.ThrowsAsync<SnapshotCorruptException>(() => ReadAllAsync("s1"));

        Assert.Equal("s1", error.SnapshotId);
        Assert.Contains("SHA-256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_parquet_file_under_a_manifest_is_reported_as_corrupt()
    {
        await SeedAsync(3);
        await Writer.WriteAsync(new SnapshotRequest("s1", Now, "sqlite"), include: null, Ct);
        await Store.DeleteAsync(Layout.Shard("s1", 0), Ct);

        var error = await Assert.ThrowsAsync<SnapshotCorruptException>(() => ReadAllAsync("s1"));

        Assert.Contains("shard-00000.parquet is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_snapshot_of_a_newer_feature_schema_is_refused_clearly()
    {
        await SeedAsync(3);
        var manifest = await Writer.WriteAsync(new SnapshotRequest("s1", Now, "sqlite"), include: null, Ct);
        var newer = manifest with { FeatureSchemaVersion = CustomerFeatures.CurrentSchemaVersion + 1 };
        await Store.WriteAsync(Layout.Manifest("s1"), new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(newer, new JsonSerializerOptions(JsonSerializerDefaults.Web))), BlobCondition.None, Ct);

        var error = await Assert.ThrowsAsync<SnapshotSchemaException>(() => ReadAllAsync("s1"));

        Assert.Equal(CustomerFeatures.CurrentSchemaVersion + 1, error.SchemaVersion);
    }

    [Fact]
    public async Task A_snapshot_without_manifest_is_ignored_and_cannot_be_read()
    {
        await SeedAsync(3);
        await Writer.WriteAsync(new SnapshotRequest("complete", Now, "sqlite"), include: null, Ct);
        await Store.WriteAsync(Layout.Features("unfinished"), new MemoryStream(Encoding.UTF8.GetBytes("PAR1")), BlobCondition.None, Ct);

        var listed = await Catalog.ListAsync(Ct);

        Assert.Equal(["complete"], listed.Select(s => s.SnapshotId));
        Assert.Equal("complete", (await Catalog.FindNearestAsync(Now.AddDays(1), TimeSpan.FromDays(365), Ct))?.SnapshotId);
        await Assert.ThrowsAsync<SnapshotNotFoundException>(() => ReadAllAsync("unfinished"));
    }

    [Fact]
    public async Task Nearest_lookup_picks_the_closest_as_of_time_within_the_distance()
    {
        await SeedAsync(2);
        foreach (var days in new[] { 0, 7, 14, 28 })
        {
            await Writer.WriteAsync(new SnapshotRequest($"d{days:D2}", Now.AddDays(-days), "sqlite"), include: null, Ct);
        }

        Assert.Equal("d14", (await Catalog.FindNearestAsync(Now.AddDays(-15), TimeSpan.FromDays(2), Ct))?.SnapshotId);
        Assert.Equal("d07", (await Catalog.FindNearestAsync(Now.AddDays(-6), TimeSpan.FromDays(2), Ct))?.SnapshotId);
        Assert.Equal("d14", (await Catalog.FindNearestAsync(Now.AddDays(-10.5), TimeSpan.FromDays(4), Ct))?.SnapshotId);
        Assert.Null(await Catalog.FindNearestAsync(Now.AddDays(-21), TimeSpan.FromDays(2), Ct));
        Assert.Equal(["d00", "d07", "d14", "d28"], (await Catalog.ListAsync(Ct)).Select(s => s.SnapshotId));
    }

    [Fact]
    public async Task Retention_keeps_the_newest_and_the_recent_and_deletes_the_rest_with_stale_unfinished_folders()
    {
        await SeedAsync(2);
        foreach (var days in new[] { 1, 10, 40, 50, 60 })
        {
            await Writer.WriteAsync(new SnapshotRequest($"d{days:D2}", Now.AddDays(-days), "sqlite"), include: null, Ct);
        }

        await Store.WriteAsync(Layout.Features("unfinished"), new MemoryStream([1, 2, 3]), BlobCondition.None, Ct);
        var youngUnfinished = await Catalog.ApplyRetentionAsync(Ct);
        var later = new SnapshotCatalog(Store, _options, new ManualTimeProvider(DateTimeOffset.UtcNow.AddDays(2)), NullLogger<SnapshotCatalog>.Instance);

        var afterGrace = await later.ApplyRetentionAsync(Ct);

        Assert.Equal(["d01", "d10"], youngUnfinished.Kept);
        Assert.Equal(["d40", "d50", "d60"], youngUnfinished.Deleted);
        Assert.Empty(youngUnfinished.DeletedIncomplete);
        Assert.Equal(["d01", "d10"], afterGrace.Kept);
        Assert.Equal(["unfinished"], afterGrace.DeletedIncomplete);
        Assert.Equal(["d01", "d10"], (await Catalog.ListAsync(Ct)).Select(s => s.SnapshotId));
        Assert.Null(await Store.GetPropertiesAsync(Layout.Shard("d40", 0), Ct));
        Assert.Null(await Store.GetPropertiesAsync(Layout.Features("unfinished"), Ct));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
        _timeout.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task<List<CustomerFeatures>> SeedAsync(int count)
    {
        var customers = SnapshotFixtures.Customers(count, seed: count);
        foreach (var customer in customers)
        {
            Assert.True((await _features.WriteAsync(customer, null, Ct)).Succeeded);
        }

        return customers;
    }

    private async Task<List<CustomerFeatures>> ReadAllAsync(string snapshotId)
    {
        var documents = new List<CustomerFeatures>();
        await foreach (var document in Reader.ReadAsync(snapshotId, Ct))
        {
            documents.Add(document);
        }

        return documents;
    }

    private async Task<List<string>> ListPathsAsync(string prefix)
    {
        var paths = new List<string>();
        await foreach (var blob in Store.ListAsync(prefix, Ct))
        {
            paths.Add(blob.Path);
        }

        return paths;
    }

    private async Task<byte[]> ReadBytesAsync(string path)
    {
        await using var download = await Store.OpenReadAsync(path, Ct);
        using var copy = new MemoryStream();
        await download!.Content.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }

    /// <summary>Copies of the documents with an empty ingestion de-duplication state, as a snapshot stores them.</summary>
    private static List<CustomerFeatures> WithoutProcessingState(IEnumerable<CustomerFeatures> documents) =>
    [
        .. documents.Select(d =>
        {
            var copy = JsonSerializer.Deserialize(JsonSerializer.Serialize(d, DomainJsonContext.Default.CustomerFeatures), DomainJsonContext.Default.CustomerFeatures)!;
            copy.Processing = new ProcessingState();
            return copy;
        }),
    ];

    /// <summary>The documents as their canonical JSON, ordered by customer (a snapshot keeps the store's scan order).</summary>
    private static List<string> Json(IEnumerable<CustomerFeatures> documents) =>
    [
        .. documents.OrderBy(d => d.CustomerId, StringComparer.Ordinal)
            .Select(d => JsonSerializer.Serialize(d, DomainJsonContext.Default.CustomerFeatures)),
    ];
}
