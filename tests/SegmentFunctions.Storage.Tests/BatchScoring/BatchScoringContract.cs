using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.BatchScoring;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Scoring;
using SegmentFunctions.Storage.Embedded;
using SegmentFunctions.Testing;

namespace SegmentFunctions.Storage.Tests.BatchScoring;

/// <summary>
/// Batch scores of snapshots taken from a real SQLite feature store, written to and read back from each blob store
/// implementation. Scoring batches of 50 rows make every audience file a merge of several sorted runs.
/// </summary>
public abstract class BatchScoringContract : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 17, 0, 0, TimeSpan.Zero);
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(3));
    private readonly TemporaryDirectory _directory = new();
    private readonly ManualTimeProvider _clock = new(Now);
    private readonly IOptions<SnapshotOptions> _snapshotOptions;
    private readonly IOptions<BatchScoringOptions> _options;
    private readonly InMemorySuppressionList _suppressions = new();
    private RecordingBlobStore? _recording;

    protected BatchScoringContract()
    {
        var container = "t" + Guid.NewGuid().ToString("N")[..20];
        _snapshotOptions = Options.Create(new SnapshotOptions { Container = container + "-snap", RowGroupSize = 80 });
        _options = Options.Create(new BatchScoringOptions { Container = container + "-scores", RowGroupSize = 50 });
    }

    protected abstract IBlobStore Store { get; }

    /// <summary>A folder deleted after the test, for local blob stores.</summary>
    protected string ScratchPath => _directory.Path;

    private static BatchScoringBundles Data => BatchScoringBundles.Instance;

    private RecordingBlobStore Blobs => _recording ??= new RecordingBlobStore(Store);

    private CancellationToken Ct => _timeout.Token;

    private BatchScoreLayout Layout => new(_options.Value.Container);

    private BatchScoreReader Reader => new(Blobs, _options, _suppressions);

    private BatchScorer Scorer => new(
        new FeatureSnapshotReader(Blobs, _snapshotOptions),
        Reader, Blobs, _options, _clock, NullLogger<BatchScorer>.Instance);

    [Fact]
    public async Task Scores_round_trip_into_sorted_segment_partitions_under_a_manifest_written_last()
    {
        await SnapshotAsync("s1", Data.Documents);
        var bundle = Data.First;

        var manifest = await Scorer.ScoreAsync(bundle, "s1", null, null, Ct);
        var rows = await ToListAsync(Reader.ReadAllAsync(bundle.Version, Ct));

        var scorer = new CustomerScorer(bundle);
        var documents = Data.Documents.ToDictionary(d => d.CustomerId, StringComparer.Ordinal);
        Assert.Equal(documents.Count, rows.Count);
        Assert.Equal(documents.Count, manifest.RowCount);
        foreach (var row in rows)
        {
            var expected = scorer.Score(documents[row.CustomerId], Data.AsOf, explainChurn: false);
            Assert.Equal(
                (expected.SegmentId, expected.SegmentName, expected.SegmentProbability, expected.ChurnProbability, expected.ChurnRiskBand,
                    expected.ChurnMethod, expected.ProbabilityAlive, expected.ExpectedPurchases, expected.CustomerLifetimeValue, expected.AsOf),
                (row.SegmentId, row.SegmentName, row.SegmentProbability, row.ChurnProbability, row.ChurnBand, row.ChurnMethod,
                    row.ProbabilityAlive, row.ExpectedPurchases, row.Clv, row.AsOf));
            Assert.Equal(expected.SegmentProbabilities, row.SegmentProbabilities);
        }

        var partitioned = new List<string>();
        foreach (var segment in manifest.Segments)
        {
            var members = await ToListAsync(Reader.ReadSegmentAsync(bundle.Version, segment.SegmentId, Ct));
            Assert.Equal(segment.Count, members.Count);
            Assert.All(members, m => Assert.Equal(segment.SegmentId, m.SegmentId));
            Assert.Equal(members.OrderByDescending(m => m.ChurnProbability).ThenBy(m => m.CustomerId, StringComparer.Ordinal).Select(m => m.CustomerId), members.Select(m => m.CustomerId));
            partitioned.AddRange(members.Select(m => m.CustomerId));
        }

        Assert.Equal(rows.Select(r => r.CustomerId).Order(StringComparer.Ordinal), partitioned.Order(StringComparer.Ordinal));
        var writes = Blobs.Operations
            .Where(o => o.StartsWith("write " + Layout.Folder(bundle.Version), StringComparison.Ordinal)
                && !o.StartsWith("write " + Layout.PartsFolder(bundle.Version), StringComparison.Ordinal))
            .ToList();
        Assert.Equal($"write {Layout.Manifest(bundle.Version)}", writes[^1]);
        Assert.Equal(manifest.Segments.Count + 2, writes.Count);
        await foreach (var part in Blobs.ListAsync(Layout.PartsFolder(bundle.Version), Ct))
        {
            Assert.Fail($"{part.Path} was left after the merge.");
        }
    }

    [Fact]
    public async Task A_customer_erased_after_scoring_is_gone_at_once_from_reads_and_audiences()
    {
        await SnapshotAsync("s1", Data.Documents);
        var bundle = Data.First;
        var manifest = await Scorer.ScoreAsync(bundle, "s1", null, null, Ct);
        var erased = (await ToListAsync(Reader.ReadAllAsync(bundle.Version, Ct)))[3];
        Assert.NotNull(await Reader.FindAsync(bundle.Version, erased.CustomerId, Ct));

        await _suppressions.AddAsync(erased.CustomerId, Now, Ct);

        Assert.Null(await Reader.FindAsync(bundle.Version, erased.CustomerId, Ct));
        var rows = await ToListAsync(Reader.ReadAllAsync(bundle.Version, Ct));
        Assert.Equal(manifest.RowCount - 1, rows.Count);
        Assert.DoesNotContain(rows, r => r.CustomerId == erased.CustomerId);
        var audience = await ToListAsync(Reader.ReadSegmentAsync(bundle.Version, erased.SegmentId, Ct));
        Assert.Equal(manifest.Segments.Single(s => s.SegmentId == erased.SegmentId).Count - 1, audience.Count);
        Assert.DoesNotContain(audience, r => r.CustomerId == erased.CustomerId);
    }

    [Fact]
    public async Task Flows_compare_each_customer_with_the_previous_version()
    {
        await SnapshotAsync("s1", Data.Documents);
        await Scorer.ScoreAsync(Data.First, "s1", null, null, Ct);

        await Scorer.ScoreAsync(Data.Second, "s1", Data.First.Version, null, Ct);
        var flows = await Reader.ReadFlowsAsync(Data.Second.Version, Ct);

        var before = new CustomerScorer(Data.First);
        var after = new CustomerScorer(Data.Second);
        var expected = Data.Documents
            .GroupBy(d => (From: (int?)before.Score(d, Data.AsOf, false).SegmentId, To: (int?)after.Score(d, Data.AsOf, false).SegmentId))
            .OrderBy(g => g.Key.From).ThenBy(g => g.Key.To)
            .Select(g => new SegmentFlow(g.Key.From, g.Key.To, g.Count()));
        Assert.NotNull(flows);
        Assert.Equal(expected, flows.Flows);
        Assert.Equal(Data.Documents.Count, flows.Matched);
        Assert.Equal(0, flows.New);
        Assert.Equal(0, flows.Departed);
        Assert.Equal(flows.Flows.Where(f => f.FromSegmentId != f.ToSegmentId).Sum(f => f.Count), flows.Changed);
        Assert.Null(await Reader.ReadFlowsAsync(Data.First.Version, Ct));
    }

    [Fact]
    public async Task Scoring_a_version_again_overwrites_it_identically()
    {
        await SnapshotAsync("s1", Data.Documents);
        var version = Data.First.Version;
        var first = await Scorer.ScoreAsync(Data.First, "s1", null, null, Ct);
        var firstFiles = await ReadFolderAsync(Layout.Folder(version));

        var second = await Scorer.ScoreAsync(Data.First, "s1", null, null, Ct);
        var secondFiles = await ReadFolderAsync(Layout.Folder(version));

        Assert.Equal(first.ContentSha256, second.ContentSha256);
        Assert.Equal(first.Segments, second.Segments);
        Assert.Equal(firstFiles.Keys, secondFiles.Keys);
        Assert.All(firstFiles, f => Assert.Equal(f.Value, secondFiles[f.Key]));
        Assert.Equal(first.Segments.Count + 2, firstFiles.Count);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
        _timeout.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task SnapshotAsync(string snapshotId, IEnumerable<CustomerFeatures> documents)
    {
        using var features = new SqliteFeatureStore(Path.Combine(_directory.Path, $"{snapshotId}.db"));
        foreach (var document in documents)
        {
            Assert.True((await features.WriteAsync(document, null, Ct)).Succeeded);
        }

        var writer = new FeatureSnapshotWriter(features, Blobs, _snapshotOptions, _clock, NullLogger<FeatureSnapshotWriter>.Instance);
        await writer.WriteAsync(new SnapshotRequest(snapshotId, Data.AsOf, "sqlite"), include: null, Ct);
    }

    private async Task<Dictionary<string, byte[]>> ReadFolderAsync(string prefix)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        await foreach (var blob in Blobs.ListAsync(prefix, Ct))
        {
            await using var download = await Blobs.OpenReadAsync(blob.Path, Ct);
            using var copy = new MemoryStream();
            await download!.Content.CopyToAsync(copy, Ct);
            files[blob.Path] = copy.ToArray();
        }

        return files;
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
}
