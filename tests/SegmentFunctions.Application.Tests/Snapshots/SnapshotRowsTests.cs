using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Parquet;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Application.Training;
using SegmentFunctions.Application.Tests.Ingestion;
using SegmentFunctions.Application.Tests.Storage;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Models;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Synthetic;
using SegmentFunctions.Domain.Training;
using SegmentFunctions.Storage.Embedded;

namespace SegmentFunctions.Application.Tests.Snapshots;

/// <summary>
/// The training rows a snapshot stores beside its documents: what the writer stores, and that reading them gives what
/// featurizing the documents gives.
/// </summary>
public sealed class SnapshotRowsTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));
    private readonly InMemoryBlobStore _blobs = new(TimeProvider.System);
    private readonly SyntheticShopOptions _shop = new() { Customers = 600, Seed = 21 };

    private CancellationToken Ct => _timeout.Token;

    /// <summary>The snapshots' time, while customers still arrive (<see cref="SyntheticShopOptions.AcquisitionShare"/>).</summary>
    private DateTimeOffset AsOf => _shop.Start.AddMonths(8);

    [Fact]
    public async Task A_snapshot_written_with_a_time_unit_stores_each_documents_training_row_as_of_its_time()
    {
        var manifest = await SnapshotAsync("rows", LifetimeTimeUnit.Week, shards: 3);

        Assert.Equal(SnapshotRows.Current(LifetimeTimeUnit.Week), manifest.Rows);
        Assert.Equal([.. FeatureNames.All.Select(n => $"row_{n}")], manifest.Rows!.Columns);
        Assert.Equal(TrainingRowFeaturizer.Version, manifest.Rows.FeaturizerVersion);
        Assert.True(manifest.Shards!.Count > 1);
        Assert.All(manifest.Shards, s => Assert.Equal(manifest.Rows, s.Rows));

        var statuses = new Dictionary<SnapshotRowStatus, int>();
        var width = TrainingRowFeaturizer.Width;
        var (expected, imputed) = (new double[width], new bool[width]);
        foreach (var shard in manifest.Shards)
        {
            var file = await ReadShardFileAsync("rows", shard.Index);
            Assert.Equal(shard.RowCount, file.Documents.Count);
            for (var i = 0; i < file.Documents.Count; i++)
            {
                var document = file.Documents[i];
                var status = !TrainingRowFeaturizer.IsKnownAt(document, AsOf) ? SnapshotRowStatus.NotKnown
                    : document.LastSeenAt > AsOf ? SnapshotRowStatus.SeenAfterAsOf
                    : SnapshotRowStatus.Row;
                Assert.Equal((int)status, file.Status![i]);
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                if (status != SnapshotRowStatus.Row)
                {
                    Assert.All(file.Values!, column => Assert.Null(column[i]));
                    continue;
                }

                TrainingRowFeaturizer.Featurize(document, AsOf, LifetimeTimeUnit.Week, expected, imputed);
                for (var j = 0; j < width; j++)
                {
                    Assert.Equal(BitConverter.DoubleToInt64Bits(expected[j]), BitConverter.DoubleToInt64Bits(file.Values![j][i]!.Value));
                }
            }
        }

        Assert.Equal(3, statuses.Count);
        Assert.All(statuses.Values, count => Assert.True(count >= 10));
    }

    [Fact]
    public async Task A_snapshot_written_without_a_time_unit_holds_no_rows()
    {
        var manifest = await SnapshotAsync("plain", unit: null, shards: 2);

        Assert.Null(manifest.Rows);
        Assert.All(manifest.Shards!, s => Assert.Null(s.Rows));
        var file = await ReadShardFileAsync("plain", 0);
        Assert.Null(file.Status);
        Assert.Null(file.Values);
    }

    [Fact]
    public async Task A_snapshot_whose_shards_store_different_rows_has_none()
    {
        var documents = Documents();
        var directory = Directory.CreateTempSubdirectory("snapshot-rows-tests-");
        try
        {
            using var features = await StoreAsync(directory, documents);
            var request = new SnapshotRequest("mixed", AsOf, "sqlite");
            var weeks = Writer(features, LifetimeTimeUnit.Week, shards: 2);
            var plan = await weeks.PlanAsync(request, Ct);
            var first = await weeks.WriteShardAsync(plan, 0, include: null, written: null, Ct);
            var second = await Writer(features, LifetimeTimeUnit.Day, shards: 2).WriteShardAsync(plan, 1, include: null, written: null, Ct);

            var manifest = await weeks.CompleteAsync(plan, [first, second], Ct);

            Assert.Equal(SnapshotRows.Current(LifetimeTimeUnit.Week), first.Rows);
            Assert.Equal(SnapshotRows.Current(LifetimeTimeUnit.Day), second.Rows);
            Assert.Null(manifest.Rows);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Reading_the_stored_rows_gives_what_featurizing_the_documents_gives()
    {
        await SnapshotAsync("rows", LifetimeTimeUnit.Week, shards: 3);
        await SnapshotAsync("plain", unit: null, shards: 3);
        Func<string, bool> everyThird = id => id[^1] % 3 == 0;

        foreach (var include in new[] { null, everyThird })
        {
            var stored = await FeaturizeAsync("rows", LifetimeTimeUnit.Week, include);
            var decoded = await FeaturizeAsync("plain", LifetimeTimeUnit.Week, include);

            Assert.True(stored.ReadRows);
            Assert.False(stored.ReadDocuments);
            Assert.True(decoded.ReadDocuments);
            Assert.False(decoded.ReadRows);
            AssertSame(decoded, stored);
            Assert.Contains(stored.Rows, r => r.Values is not null);
            Assert.Contains(stored.Rows, r => r.Values is null);
            Assert.True(stored.NotKnown > 0);
            Assert.Contains("not a snapshot as of", stored.Failure, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_caller_in_another_unit_or_a_manifest_without_rows_featurizes_the_documents()
    {
        await SnapshotAsync("rows", LifetimeTimeUnit.Week, shards: 2);
        await SnapshotAsync("plain", unit: null, shards: 2);
        var reference = await FeaturizeAsync("plain", LifetimeTimeUnit.Day, include: null);

        var otherUnit = await FeaturizeAsync("rows", LifetimeTimeUnit.Day, include: null);

        Assert.True(otherUnit.ReadDocuments);
        Assert.False(otherUnit.ReadRows);
        AssertSame(reference, otherUnit);

        // A manifest written before snapshots stored rows says nothing of them, whatever its files hold.
        var layout = new SnapshotLayout(new SnapshotOptions().Container);
        var manifest = await Reader.ReadManifestAsync("rows", Ct);
        var old = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(
            manifest with { Rows = null, Shards = [.. manifest.Shards!.Select(s => s with { Rows = null })] }, SnapshotJsonContext.Default.SnapshotManifest);
        Assert.DoesNotContain("featurizerVersion", System.Text.Encoding.UTF8.GetString(old), StringComparison.Ordinal);
        await _blobs.WriteAsync(layout.Manifest("rows"), new MemoryStream(old), BlobCondition.None, Ct);

        var oldManifest = await FeaturizeAsync("rows", LifetimeTimeUnit.Week, include: null);

        Assert.True(oldManifest.ReadDocuments);
        Assert.False(oldManifest.ReadRows);
        AssertSame(await FeaturizeAsync("plain", LifetimeTimeUnit.Week, include: null), oldManifest);
    }

    public void Dispose() => _timeout.Dispose();

    private FeatureSnapshotReader Reader => new(_blobs, Options.Create(new SnapshotOptions()));

    private static void AssertSame(Featurized expected, Featurized actual)
    {
        Assert.Equal(expected.Documents, actual.Documents);
        Assert.Equal(expected.NotKnown, actual.NotKnown);
        Assert.Equal(expected.Failure, actual.Failure);
        Assert.Equal(expected.Rows.Count, actual.Rows.Count);
        for (var i = 0; i < expected.Rows.Count; i++)
        {
            var (e, a) = (expected.Rows[i], actual.Rows[i]);
            Assert.Equal(e.CustomerId, a.CustomerId);
            Assert.Equal(e.SchemaVersion, a.SchemaVersion);
            Assert.Equal(e.Values is null, a.Values is null);
            if (e.Values is not null)
            {
                Assert.Equal(e.Values.Select(BitConverter.DoubleToInt64Bits), a.Values!.Select(BitConverter.DoubleToInt64Bits));
            }
        }
    }

    /// <summary>Every row group of the snapshot through a <see cref="SnapshotRowFeaturizer"/>: what it gives, row by row.</summary>
    private async Task<Featurized> FeaturizeAsync(string snapshotId, LifetimeTimeUnit unit, Func<string, bool>? include)
    {
        var manifest = await Reader.ReadManifestAsync(snapshotId, Ct);
        var featurizer = new SnapshotRowFeaturizer(manifest.AsOf, unit);
        var rows = new List<(string CustomerId, int SchemaVersion, double[]? Values)>();
        var (readRows, readDocuments) = (false, false);
        await foreach (var group in Reader.ReadRowGroupsAsync(snapshotId, unit, Ct))
        {
            readRows |= group.Rows is not null;
            readDocuments |= group.HasDocuments;
            featurizer.Featurize(group, include, Ct);
            for (var i = 0; i < featurizer.Count; i++)
            {
                rows.Add((featurizer.CustomerId(i), featurizer.SchemaVersion(i), featurizer.HasRow(i) ? featurizer.Row(i).ToArray() : null));
            }
        }

        var failure = Record.Exception(featurizer.Complete);
        if (failure is not null)
        {
            Assert.IsType<ModelTrainingException>(failure);
        }

        return new Featurized(rows, featurizer.Documents, featurizer.NotKnown, failure?.Message, readRows, readDocuments);
    }

    /// <summary>
    /// The shop's customers, every other one folded from its events before <see cref="AsOf"/> and the others from all
    /// of them: customers first seen after it, customers with events after it, and customers with rows.
    /// </summary>
    private List<CustomerFeatures> Documents() =>
    [
        .. new SyntheticShopGenerator(_shop).Customers()
            .Select((c, i) => (c.Truth.CustomerId, Events: i % 2 == 0 ? [.. c.Events.Where(e => e.Timestamp < AsOf)] : c.Events))
            .Where(c => c.Events.Count > 0)
            .Select(c => CustomerFeaturesFolder.Fold(c.CustomerId, c.Events)),
    ];

    private async Task<SnapshotManifest> SnapshotAsync(string snapshotId, LifetimeTimeUnit? unit, int shards)
    {
        var directory = Directory.CreateTempSubdirectory("snapshot-rows-tests-");
        try
        {
            using var features = await StoreAsync(directory, Documents());
            return await Writer(features, unit, shards).WriteAsync(new SnapshotRequest(snapshotId, AsOf, "sqlite"), include: null, Ct);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private async Task<SqliteFeatureStore> StoreAsync(DirectoryInfo directory, IEnumerable<CustomerFeatures> documents)
    {
        var features = new SqliteFeatureStore(Path.Combine(directory.FullName, "features.db"));
        foreach (var document in documents)
        {
            Assert.True((await features.WriteAsync(document, null, Ct)).Succeeded);
        }

        return features;
    }

    private FeatureSnapshotWriter Writer(SqliteFeatureStore features, LifetimeTimeUnit? unit, int shards) =>
        new(features, _blobs, Options.Create(new SnapshotOptions { RowGroupSize = 50, Shards = shards, TrainingRowsTimeUnit = unit }),
            new FixedTimeProvider(Now), NullLogger<FeatureSnapshotWriter>.Instance);

    /// <summary>A shard's Parquet file as an analytics tool reads it: its documents and, when it has them, its row columns.</summary>
    private async Task<ShardFile> ReadShardFileAsync(string snapshotId, int shard)
    {
        await using var download = await _blobs.OpenReadAsync(new SnapshotLayout(new SnapshotOptions().Container).Shard(snapshotId, shard), Ct);
        using var content = new MemoryStream();
        await download!.Content.CopyToAsync(content, Ct);
        content.Position = 0;
        await using var reader = await ParquetReader.CreateAsync(content, cancellationToken: Ct);
        var fields = reader.Schema.GetDataFields().ToDictionary(f => f.Name, StringComparer.Ordinal);
        var hasRows = fields.ContainsKey("rowStatus");
        Assert.Equal(hasRows, FeatureNames.All.All(n => fields.ContainsKey($"row_{n}")));
        var documents = new List<CustomerFeatures>();
        var status = new List<int>();
        var values = FeatureNames.All.Select(_ => new List<double?>()).ToArray();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var count = checked((int)group.RowCount);
            var json = new string?[count];
            await group.ReadAsync(fields["document"], json.AsMemory(), cancellationToken: Ct);
            documents.AddRange(json.Select(j => System.Text.Json.JsonSerializer.Deserialize(j!, Domain.Serialization.DomainJsonContext.Default.CustomerFeatures)!));
            if (!hasRows)
            {
                continue;
            }

            var groupStatus = new int[count];
            await group.ReadAsync(fields["rowStatus"], groupStatus.AsMemory(), cancellationToken: Ct);
            status.AddRange(groupStatus);
            for (var j = 0; j < values.Length; j++)
            {
                var column = new double?[count];
                await group.ReadAsync(fields[$"row_{FeatureNames.All[j]}"], column.AsMemory(), cancellationToken: Ct);
                values[j].AddRange(column);
            }
        }

        return new ShardFile(documents, hasRows ? status : null, hasRows ? [.. values.Select(v => v.ToArray())] : null);
    }

    private sealed record Featurized(
        List<(string CustomerId, int SchemaVersion, double[]? Values)> Rows, int Documents, int NotKnown, string? Failure, bool ReadRows, bool ReadDocuments);

    private sealed record ShardFile(List<CustomerFeatures> Documents, List<int>? Status, double?[][]? Values);
}
