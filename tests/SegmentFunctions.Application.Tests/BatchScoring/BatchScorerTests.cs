using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.BatchScoring;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Application.Tests.Ingestion;
using SegmentFunctions.Application.Tests.Storage;
using SegmentFunctions.Domain.Events;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Scoring;
using SegmentFunctions.Storage.Embedded;
using SegmentFunctions.Testing;

namespace SegmentFunctions.Application.Tests.BatchScoring;

/// <summary>
/// Batch scoring of snapshots written from an in-memory feature store to an in-memory blob store. Scoring batches of 64
/// and snapshot row groups of 100 make every file span several row groups and every audience file a merge of runs.
/// </summary>
public sealed class BatchScorerTests(BatchScoringFixture fixture) : IClassFixture<BatchScoringFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 16, 0, 0, TimeSpan.Zero);
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));
    private readonly RecordingBlobStore _blobs = new(new InMemoryBlobStore(TimeProvider.System));
    // Snapshots store their training rows, which scoring reads in place of the documents (the bundles' unit is weeks).
    private readonly IOptions<SnapshotOptions> _snapshotOptions =
        Options.Create(new SnapshotOptions { RowGroupSize = 100, TrainingRowsTimeUnit = LifetimeTimeUnit.Week });
    private readonly IOptions<BatchScoringOptions> _options = Options.Create(new BatchScoringOptions { RowGroupSize = 64 });

    private readonly InMemorySuppressionList _suppressions = new();

    private CancellationToken Ct => _timeout.Token;

    private BatchScoreLayout Layout => new(_options.Value.Container);

    private BatchScoreReader Reader => new(_blobs, _options, _suppressions);

    private BatchScorer Scorer => new(
        new FeatureSnapshotReader(_blobs, _snapshotOptions),
        Reader, _blobs, _options, new FixedTimeProvider(Now), NullLogger<BatchScorer>.Instance);

    [Fact]
    public async Task Every_scored_row_equals_the_customer_scorer_output_and_late_customers_are_skipped()
    {
        var late = CustomerFeaturesFolder.Fold("late-customer", [TestEvents.Make("late-e1", EventType.PageView, "late-customer", fixture.AsOf.AddDays(1))]);
        await SnapshotAsync("s1", [.. fixture.Documents, late]);
        var bundle = fixture.WithClassifier;

        var manifest = await Scorer.ScoreAsync(bundle, "s1", previousVersion: null, progress: null, Ct);
        var rows = await ToListAsync(Reader.ReadAllAsync(bundle.Version, Ct));

        var scorer = new CustomerScorer(bundle);
        Assert.Equal(fixture.Documents.Count, manifest.RowCount);
        Assert.Equal(1, manifest.SkippedCount);
        Assert.Equal(fixture.Documents.Select(d => d.CustomerId).Order(StringComparer.Ordinal), rows.Select(r => r.CustomerId).Order(StringComparer.Ordinal));
        var documents = fixture.Documents.ToDictionary(d => d.CustomerId, StringComparer.Ordinal);
        foreach (var row in rows)
        {
            AssertScored(scorer.Score(documents[row.CustomerId], fixture.AsOf, explainChurn: false), row);
        }

        Assert.Contains(rows, r => r.ChurnMethod == ChurnMethod.Classifier);
        Assert.Equal(bundle.Version, manifest.Version);
        Assert.Equal("s1", manifest.SnapshotId);
        Assert.Equal(fixture.AsOf, manifest.AsOf);
        Assert.Equal(bundle.SegmentIds, manifest.Segments.Select(s => s.SegmentId));
        Assert.Equal(bundle.Segments.Select(s => s.Name), manifest.Segments.Select(s => s.SegmentName));
        Assert.Equal(Now, manifest.CreatedAt);
        AssertSameManifest(manifest, await Reader.ReadManifestAsync(bundle.Version, Ct));
    }

    [Fact]
    public async Task The_fallback_bundle_labels_churn_as_expected_purchases()
    {
        await SnapshotAsync("s1", fixture.Documents);
        var bundle = fixture.Fallback;

        await Scorer.ScoreAsync(bundle, "s1", null, null, Ct);
        var rows = await ToListAsync(Reader.ReadAllAsync(bundle.Version, Ct));

        var scorer = new CustomerScorer(bundle);
        Assert.All(rows, r => Assert.Equal(ChurnMethod.BgNbdFallback, r.ChurnMethod));
        var documents = fixture.Documents.ToDictionary(d => d.CustomerId, StringComparer.Ordinal);
        Assert.All(rows, r => AssertScored(scorer.Score(documents[r.CustomerId], fixture.AsOf, explainChurn: false), r));
    }

    [Fact]
    public async Task Segment_files_partition_the_rows_each_sorted_by_churn_descending()
    {
        await SnapshotAsync("s1", fixture.Documents);
        var bundle = fixture.WithClassifier;

        var manifest = await Scorer.ScoreAsync(bundle, "s1", null, null, Ct);

        var all = (await ToListAsync(Reader.ReadAllAsync(bundle.Version, Ct))).ToDictionary(r => r.CustomerId, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Assert.True(manifest.Segments.Count(s => s.Count > 64) >= 1, "a segment spans several scoring batches");
        foreach (var segment in manifest.Segments)
        {
            var rows = await ToListAsync(Reader.ReadSegmentAsync(bundle.Version, segment.SegmentId, Ct));
            Assert.Equal(segment.Count, rows.Count);
            Assert.All(rows, r => Assert.Equal(segment.SegmentId, r.SegmentId));
            Assert.All(rows, r => Assert.True(seen.Add(r.CustomerId), $"{r.CustomerId} is in two segment files"));
            Assert.All(rows, r => AssertSameRecord(all[r.CustomerId], r));
            for (var i = 1; i < rows.Count; i++)
            {
                Assert.True(
                    rows[i - 1].ChurnProbability > rows[i].ChurnProbability
                    || (rows[i - 1].ChurnProbability == rows[i].ChurnProbability && string.CompareOrdinal(rows[i - 1].CustomerId, rows[i].CustomerId) < 0),
                    $"rows {i - 1} and {i} of segment {segment.SegmentId} are out of order");
            }
        }

        Assert.Equal(all.Count, seen.Count);
        Assert.Equal(manifest.RowCount, manifest.Segments.Sum(s => s.Count));
    }

    [Fact]
    public async Task Flows_count_moves_new_and_departed_customers_against_the_previous_version()
    {
        var documents = fixture.Documents;
        await SnapshotAsync("s1", documents.Skip(20));
        await Scorer.ScoreAsync(fixture.WithClassifier, "s1", null, null, Ct);
        await SnapshotAsync("s2", documents.Take(documents.Count - 30));

        var manifest = await Scorer.ScoreAsync(fixture.Fallback, "s2", fixture.WithClassifier.Version, null, Ct);
        var flows = await Reader.ReadFlowsAsync(fixture.Fallback.Version, Ct);

        var before = new CustomerScorer(fixture.WithClassifier);
        var after = new CustomerScorer(fixture.Fallback);
        var expected = new Dictionary<(int?, int?), long>();
        for (var i = 0; i < documents.Count; i++)
        {
            int? from = i >= 20 ? before.Score(documents[i], fixture.AsOf, false).SegmentId : null;
            int? to = i < documents.Count - 30 ? after.Score(documents[i], fixture.AsOf, false).SegmentId : null;
            expected[(from, to)] = expected.GetValueOrDefault((from, to)) + 1;
        }

        Assert.NotNull(flows);
        Assert.Equal(fixture.WithClassifier.Version, manifest.FlowsAgainst);
        Assert.Equal(fixture.Fallback.Version, flows.Version);
        Assert.Equal(fixture.WithClassifier.Version, flows.PreviousVersion);
        Assert.Equal(expected.OrderBy(e => e.Key.Item1).ThenBy(e => e.Key.Item2).Select(e => new SegmentFlow(e.Key.Item1, e.Key.Item2, e.Value)), flows.Flows);
        Assert.Equal(20, flows.New);
        Assert.Equal(30, flows.Departed);
        Assert.Equal(documents.Count - 50, flows.Matched);
        var changed = expected.Where(e => e.Key.Item1 is not null && e.Key.Item2 is not null && e.Key.Item1 != e.Key.Item2).Sum(e => e.Value);
        Assert.Equal(changed, flows.Changed);
        Assert.Equal((double)changed / flows.Matched, flows.ShareChanged, 12);
    }

    [Fact]
    public async Task Without_a_previous_version_or_its_scores_there_are_no_flows()
    {
        await SnapshotAsync("s1", fixture.Documents);

        var none = await Scorer.ScoreAsync(fixture.WithClassifier, "s1", null, null, Ct);
        var missing = await Scorer.ScoreAsync(fixture.Fallback, "s1", "never-scored", null, Ct);

        Assert.Null(none.FlowsAgainst);
        Assert.Null(missing.FlowsAgainst);
        Assert.Null(await Reader.ReadFlowsAsync(fixture.WithClassifier.Version, Ct));
        Assert.Null(await Reader.ReadFlowsAsync(fixture.Fallback.Version, Ct));
    }

    [Fact]
    public async Task The_manifest_is_written_last_after_the_old_one_is_deleted()
    {
        await SnapshotAsync("s1", fixture.Documents);
        var version = fixture.WithClassifier.Version;

        var manifest = await Scorer.ScoreAsync(fixture.WithClassifier, "s1", null, null, Ct);

        var operations = _blobs.Operations.Where(o => o.Contains(Layout.Folder(version), StringComparison.Ordinal)).ToList();
        Assert.Equal($"delete {Layout.Manifest(version)}", operations[0]);
        Assert.Equal($"write {Layout.Manifest(version)}", operations.Last(o => o.StartsWith("write", StringComparison.Ordinal)));
        Assert.Empty(await ReadFolderAsync(Layout.PartsFolder(version)));
        Assert.Single(operations, o => o.StartsWith("write", StringComparison.Ordinal) && o.EndsWith("manifest.json", StringComparison.Ordinal));
        Assert.Contains($"write {Layout.Scores(version)}", operations);
        Assert.All(manifest.Segments, s => Assert.Contains($"write {Layout.Segment(version, s.SegmentId)}", operations));
    }

    [Fact]
    public async Task A_snapshot_in_one_shard_and_in_four_gives_the_same_scores_per_customer_and_the_same_audiences()
    {
        // One shard's documents are featurized; the four shards' stored rows are read.
        var one = await ShardedSnapshotAsync("one-shard", fixture.Documents, shards: 1);
        var four = await ShardedSnapshotAsync("four-shards", fixture.Documents, shards: 4, fixture.WithClassifier.TimeUnit);
        Assert.Equal(1, one);
        Assert.Equal(4, four);
        var bundle = fixture.WithClassifier;

        var whole = await Scorer.ScoreAsync(bundle, "one-shard", null, null, Ct);
        var wholeRows = await ToListAsync(Reader.ReadAllAsync(bundle.Version, Ct));
        var wholeAudiences = await ReadAudiencesAsync(whole);
        var sharded = await Scorer.ScoreAsync(bundle, "four-shards", null, null, Ct);
        var shardedRows = await ToListAsync(Reader.ReadAllAsync(bundle.Version, Ct));
        var shardedAudiences = await ReadAudiencesAsync(sharded);

        Assert.Equal((whole.RowCount, whole.SkippedCount), (sharded.RowCount, sharded.SkippedCount));
        Assert.Equal(whole.Segments.Select(s => (s.SegmentId, s.Count)), sharded.Segments.Select(s => (s.SegmentId, s.Count)));
        Assert.Equal(wholeRows.Select(r => r.CustomerId), shardedRows.Select(r => r.CustomerId));
        Assert.All(wholeRows.Zip(shardedRows), p => AssertSameRecord(p.First, p.Second));
        Assert.Equal(wholeAudiences.Keys, shardedAudiences.Keys);
        foreach (var (segmentId, audience) in wholeAudiences)
        {
            Assert.Equal(audience.Select(r => r.CustomerId), shardedAudiences[segmentId].Select(r => r.CustomerId));
            Assert.All(audience.Zip(shardedAudiences[segmentId]), p => AssertSameRecord(p.First, p.Second));
        }
    }

    [Fact]
    public async Task Shards_scored_one_by_one_are_merged_once_and_a_repeated_merge_returns_the_same_manifest()
    {
        Assert.Equal(3, await ShardedSnapshotAsync("s3", fixture.Documents, shards: 3));
        var bundle = fixture.WithClassifier;
        await Scorer.ScoreShardAsync(bundle, "s3", 0, null, Ct);
        await Scorer.ScoreShardAsync(bundle, "s3", 2, null, Ct);

        var missing = await Assert.ThrowsAsync<BatchScoresCorruptException>(() => Scorer.MergeAsync(bundle, "s3", null, null, Ct));
        Assert.Contains("shard 1", missing.Message, StringComparison.Ordinal);
        Assert.Null(await Reader.ReadManifestAsync(bundle.Version, Ct));

        var parts = new List<BatchScorePart>();
        for (var shard = 0; shard < 3; shard++)
        {
            parts.Add(await Scorer.ScoreShardAsync(bundle, "s3", shard, null, Ct));
        }

        var merged = await Scorer.MergeAsync(bundle, "s3", null, null, Ct);
        var again = await Scorer.MergeAsync(bundle, "s3", null, null, Ct);

        Assert.Equal(parts.Sum(p => p.RowCount), merged.RowCount);
        Assert.Equal(fixture.Documents.Count, merged.RowCount);
        Assert.Empty(await ReadFolderAsync(Layout.PartsFolder(bundle.Version)));
        AssertSameManifest(merged, again);
        Assert.Equal(merged.RowCount, (await ToListAsync(Reader.ReadAllAsync(bundle.Version, Ct))).Count);
    }

    [Fact]
    public async Task A_run_that_fails_midway_leaves_no_manifest_so_the_version_reads_as_missing()
    {
        await SnapshotAsync("s1", fixture.Documents);
        var version = fixture.WithClassifier.Version;
        await Scorer.ScoreAsync(fixture.WithClassifier, "s1", null, null, Ct);
        _blobs.FailWritesContaining = "/segments/";

        await Assert.ThrowsAsync<IOException>(() => Scorer.ScoreAsync(fixture.WithClassifier, "s1", null, null, Ct));

        Assert.Null(await Reader.ReadManifestAsync(version, Ct));
        var error = await Assert.ThrowsAsync<BatchScoresNotFoundException>(() => ToListAsync(Reader.ReadAllAsync(version, Ct)));
        Assert.Equal(version, error.Version);
    }

    [Fact]
    public async Task Scoring_a_version_again_overwrites_it_with_identical_files()
    {
        await SnapshotAsync("s1", fixture.Documents);
        var version = fixture.WithClassifier.Version;
        var first = await Scorer.ScoreAsync(fixture.WithClassifier, "s1", null, null, Ct);
        var firstFiles = await ReadFolderAsync(Layout.Folder(version));

        var second = await Scorer.ScoreAsync(fixture.WithClassifier, "s1", null, null, Ct);
        var secondFiles = await ReadFolderAsync(Layout.Folder(version));

        AssertSameManifest(first, second);
        Assert.Equal(firstFiles.Keys, secondFiles.Keys);
        Assert.All(firstFiles, f => Assert.Equal(f.Value, secondFiles[f.Key]));
    }

    [Fact]
    public async Task Find_returns_one_customer_and_null_for_an_unknown_one()
    {
        await SnapshotAsync("s1", fixture.Documents);
        var bundle = fixture.WithClassifier;
        await Scorer.ScoreAsync(bundle, "s1", null, null, Ct);
        var customer = fixture.Documents[^3];

        var found = await Reader.FindAsync(bundle.Version, customer.CustomerId, Ct);

        Assert.NotNull(found);
        AssertScored(new CustomerScorer(bundle).Score(customer, fixture.AsOf, false), found);
        Assert.Null(await Reader.FindAsync(bundle.Version, "nobody", Ct));
    }

    [Fact]
    public async Task Unknown_versions_and_segments_are_reported_as_not_found()
    {
        await SnapshotAsync("s1", fixture.Documents);
        var version = fixture.WithClassifier.Version;
        await Scorer.ScoreAsync(fixture.WithClassifier, "s1", null, null, Ct);

        Assert.Null(await Reader.ReadManifestAsync("v-missing", Ct));
        await Assert.ThrowsAsync<BatchScoresNotFoundException>(() => Reader.FindAsync("v-missing", "c1", Ct));
        var error = await Assert.ThrowsAsync<BatchScoresNotFoundException>(() => ToListAsync(Reader.ReadSegmentAsync(version, 987, Ct)));
        Assert.Equal(987, error.SegmentId);
        await Assert.ThrowsAsync<ArgumentException>(() => Reader.ReadManifestAsync("../escape", Ct));
    }

    [Fact]
    public async Task A_changed_byte_in_a_segment_file_fails_the_hash_check()
    {
        await SnapshotAsync("s1", fixture.Documents);
        var version = fixture.WithClassifier.Version;
        var manifest = await Scorer.ScoreAsync(fixture.WithClassifier, "s1", null, null, Ct);
        var segment = manifest.Segments.First(s => s.Count > 0);
        var path = Layout.Segment(version, segment.SegmentId);
        var bytes = await ReadBytesAsync(path);
        bytes[bytes.Length / 2] ^= 0x5a;
        await _blobs.WriteAsync(path, new MemoryStream(bytes), BlobCondition.None, Ct);

        var error = await Assert.ThrowsAsync<BatchScoresCorruptException>(() => ToListAsync(Reader.ReadSegmentAsync(version, segment.SegmentId, Ct)));

        Assert.Contains("SHA-256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Progress_rises_to_one()
    {
        await SnapshotAsync("s1", fixture.Documents);
        var reports = new List<double>();

        await Scorer.ScoreAsync(fixture.WithClassifier, "s1", null, new SynchronousProgress(reports.Add), Ct);

        Assert.True(reports.Count > 2);
        Assert.Equal(1.0, reports[^1]);
        Assert.All(reports.Zip(reports.Skip(1)), p => Assert.True(p.First <= p.Second, $"{p.First} then {p.Second}"));
    }

    [Fact]
    public async Task A_missing_snapshot_is_reported_clearly_and_writes_nothing()
    {
        var error = await Assert.ThrowsAsync<SnapshotNotFoundException>(
            () => Scorer.ScoreAsync(fixture.WithClassifier, "no-such-snapshot", null, null, Ct));

        Assert.Equal("no-such-snapshot", error.SnapshotId);
        Assert.Empty(_blobs.Operations);
    }

    [Fact]
    public async Task A_corrupt_snapshot_fails_with_the_snapshot_error_and_leaves_no_manifest()
    {
        await SnapshotAsync("s1", fixture.Documents);
        var path = new SnapshotLayout(_snapshotOptions.Value.Container).Shard("s1", 0);
        var bytes = await ReadBytesAsync(path);
        bytes[bytes.Length / 3] ^= 0x5a;
        await _blobs.WriteAsync(path, new MemoryStream(bytes), BlobCondition.None, Ct);

        var error = await Assert.ThrowsAsync<SnapshotCorruptException>(() => Scorer.ScoreAsync(fixture.WithClassifier, "s1", null, null, Ct));

        Assert.Equal("s1", error.SnapshotId);
        Assert.Null(await Reader.ReadManifestAsync(fixture.WithClassifier.Version, Ct));
    }

    private async Task SnapshotAsync(string snapshotId, IEnumerable<CustomerFeatures> documents)
    {
        var features = new InMemoryFeatureStore();
        foreach (var document in documents)
        {
            Assert.True((await features.WriteAsync(document, null, Ct)).Succeeded);
        }

        var writer = new FeatureSnapshotWriter(features, _blobs, _snapshotOptions, new FixedTimeProvider(Now), NullLogger<FeatureSnapshotWriter>.Instance);
        await writer.WriteAsync(new SnapshotRequest(snapshotId, fixture.AsOf, "memory"), include: null, Ct);
    }

    /// <summary>
    /// A snapshot of the documents from the embedded store, split into key ranges, with training rows in
    /// <paramref name="rowsIn"/> if given; returns its number of shards.
    /// </summary>
    private async Task<int> ShardedSnapshotAsync(string snapshotId, IEnumerable<CustomerFeatures> documents, int shards, LifetimeTimeUnit? rowsIn = null)
    {
        var directory = Directory.CreateTempSubdirectory("batch-scorer-tests-");
        try
        {
            using var features = new SqliteFeatureStore(Path.Combine(directory.FullName, "features.db"));
            foreach (var document in documents)
            {
                Assert.True((await features.WriteAsync(document, null, Ct)).Succeeded);
            }

            var options = Options.Create(new SnapshotOptions { RowGroupSize = 100, Shards = shards, TrainingRowsTimeUnit = rowsIn });
            var writer = new FeatureSnapshotWriter(features, _blobs, options, new FixedTimeProvider(Now), NullLogger<FeatureSnapshotWriter>.Instance);
            var written = await writer.WriteAsync(new SnapshotRequest(snapshotId, fixture.AsOf, "sqlite"), include: null, Ct);
            Assert.Equal(rowsIn is { } unit ? SnapshotRows.Current(unit) : null, written.Rows);
        }
        finally
        {
            directory.Delete(recursive: true);
        }

        var manifest = await new FeatureSnapshotReader(_blobs, _snapshotOptions).ReadManifestAsync(snapshotId, Ct);
        return FeatureSnapshotReader.ShardsOf(manifest).Count;
    }

    private async Task<Dictionary<int, List<BatchScoreRecord>>> ReadAudiencesAsync(BatchScoreManifest manifest)
    {
        var audiences = new Dictionary<int, List<BatchScoreRecord>>();
        foreach (var segment in manifest.Segments)
        {
            audiences[segment.SegmentId] = await ToListAsync(Reader.ReadSegmentAsync(manifest.Version, segment.SegmentId, Ct));
        }

        return audiences;
    }

    private async Task<Dictionary<string, byte[]>> ReadFolderAsync(string prefix)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        await foreach (var blob in _blobs.ListAsync(prefix, Ct))
        {
            files[blob.Path] = await ReadBytesAsync(blob.Path);
        }

        return files;
    }

    private async Task<byte[]> ReadBytesAsync(string path)
    {
        await using var download = await _blobs.OpenReadAsync(path, Ct);
        using var copy = new MemoryStream();
        await download!.Content.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    internal static void AssertScored(CustomerScore expected, BatchScoreRecord actual)
    {
        Assert.Equal(expected.CustomerId, actual.CustomerId);
        Assert.Equal(expected.SegmentId, actual.SegmentId);
        Assert.Equal(expected.SegmentName, actual.SegmentName);
        Assert.Equal(expected.SegmentProbability, actual.SegmentProbability);
        Assert.Equal(expected.SegmentProbabilities, actual.SegmentProbabilities);
        Assert.Equal(expected.ChurnProbability, actual.ChurnProbability);
        Assert.Equal(expected.ChurnRiskBand, actual.ChurnBand);
        Assert.Equal(expected.ChurnMethod, actual.ChurnMethod);
        Assert.Equal(expected.ProbabilityAlive, actual.ProbabilityAlive);
        Assert.Equal(expected.ExpectedPurchases, actual.ExpectedPurchases);
        Assert.Equal(expected.CustomerLifetimeValue, actual.Clv);
        Assert.Equal(expected.AsOf, actual.AsOf);
        Assert.NotNull(actual.ExpectedPurchasesInterval);
        Assert.Equal(expected.ProbabilityAliveInterval, actual.ProbabilityAliveInterval);
        Assert.Equal(expected.ExpectedPurchasesInterval, actual.ExpectedPurchasesInterval);
        Assert.Equal(expected.CustomerLifetimeValueInterval, actual.ClvInterval);
    }

    private static void AssertSameRecord(BatchScoreRecord expected, BatchScoreRecord actual)
    {
        Assert.Equal(expected.SegmentProbabilities, actual.SegmentProbabilities);
        Assert.Equal(expected with { SegmentProbabilities = Array.Empty<double>() }, actual with { SegmentProbabilities = Array.Empty<double>() });
    }

    private static void AssertSameManifest(BatchScoreManifest expected, BatchScoreManifest? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Segments, actual.Segments);
        Assert.Equal(expected with { Segments = Array.Empty<BatchScoreSegment>() }, actual with { Segments = Array.Empty<BatchScoreSegment>() });
    }
}
