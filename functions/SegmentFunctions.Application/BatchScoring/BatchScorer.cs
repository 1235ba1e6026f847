using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Parquet;
using SegmentFunctions.Application.Files;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Domain.Scoring;

namespace SegmentFunctions.Application.BatchScoring;

/// <summary>
/// Scores every customer of a feature snapshot with a model bundle into <c>scores/{version}/</c> (see
/// <see cref="BatchScoreLayout"/>): scores.parquet in snapshot order, one audience file per segment sorted by churn
/// probability descending, flows.json against a previous version, and manifest.json last, so a manifest means the
/// version is complete. The work is per snapshot shard, so that shards can be scored on different instances: each
/// shard's customers are scored into that shard's part (<see cref="ScoreShardAsync"/>), then the parts are merged into
/// the version's files (<see cref="MergeAsync"/>); <see cref="ScoreAsync"/> does both in one process.
/// </summary>
/// <remarks>
/// A shard is streamed, a row group of the snapshot at a time, its stored training rows when they are in the bundle's
/// time unit and its documents featurized otherwise (<see cref="SnapshotRowFeaturizer"/>), so memory is
/// constant in the number of customers except for segment flows: the known customers' rows are scored in batches of
/// <see cref="BatchScoringOptions.RowGroupSize"/>, each in parallel and written as a row group, and a
/// part's audience files are an external merge sort (every batch appends a sorted run per segment to a local spill
/// file; the runs are then merged as streams). Merging concatenates the parts' scores in shard order (snapshot order)
/// and merges their audience files as streams in the same total order, so the version's records do not depend on the
/// number of shards. Flows need the previous version's customerId -> segmentId map in memory, in the merge step
/// only. Re-running a shard or the merge overwrites it with the same files.
/// </remarks>
public sealed partial class BatchScorer(
    FeatureSnapshotReader snapshots,
    BatchScoreReader scores,
    IBlobStore blobs,
    IOptions<BatchScoringOptions> options,
    TimeProvider clock,
    ILogger<BatchScorer> logger)
{
    /// <summary>Share of the progress reported while scoring shards; the rest is merging them.</summary>
    private const double ScoringShare = 0.8;

    private readonly BatchScoreLayout _layout = new(options.Value.Container);

    /// <summary>
    /// Scores the snapshot with <paramref name="bundle"/> as of the snapshot's time into version
    /// <see cref="ModelBundle.Version"/>, shard after shard then merged, overwriting that version if it exists, and
    /// returns the manifest.
    /// </summary>
    /// <param name="previousVersion">The version to compute segment flows against; null for none. A version without
    /// complete scores is logged and gives no flows rather than failing the run.</param>
    /// <param name="progress">Receives the completed share, 0 to 1.</param>
    /// <exception cref="SnapshotNotFoundException">The snapshot does not exist or is incomplete.</exception>
    /// <exception cref="SnapshotCorruptException">The snapshot does not match its manifest.</exception>
    /// <exception cref="BatchScoresCorruptException">The previous version's scores do not match their manifest.</exception>
    /// <exception cref="ArgumentException">A customer cannot be scored with the bundle (e.g. another feature schema).</exception>
    public async Task<BatchScoreManifest> ScoreAsync(
        ModelBundle bundle, string snapshotId, string? previousVersion, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ValidateVersions(bundle.Version, previousVersion);
        var snapshot = await snapshots.ReadManifestAsync(snapshotId, cancellationToken);
        var shards = FeatureSnapshotReader.ShardsOf(snapshot).Count;

        // The old manifest goes first: readers must not take files being replaced for a complete version.
        await blobs.DeleteAsync(_layout.Manifest(bundle.Version), cancellationToken);
        for (var shard = 0; shard < shards; shard++)
        {
            var shardProgress = progress is null ? null : new ShareProgress(progress, ScoringShare * shard / shards, ScoringShare / shards);
            await ScoreShardAsync(bundle, snapshotId, shard, shardProgress, cancellationToken);
        }

        return await MergeAsync(
            bundle, snapshotId, previousVersion, progress is null ? null : new ShareProgress(progress, ScoringShare, 1 - ScoringShare), cancellationToken);
    }

    /// <summary>
    /// Scores shard <paramref name="shard"/> of the snapshot into its part of version <see cref="ModelBundle.Version"/>
    /// (<see cref="BatchScoreLayout.PartFolder"/>), overwriting a part written before, and returns the part's record.
    /// The version's complete files are not touched: a manifest stays until <see cref="MergeAsync"/> replaces it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The snapshot has no such shard.</exception>
    /// <exception cref="SnapshotNotFoundException">The snapshot does not exist or is incomplete.</exception>
    /// <exception cref="SnapshotCorruptException">The shard does not match the snapshot's manifest.</exception>
    public async Task<BatchScorePart> ScoreShardAsync(
        ModelBundle bundle, string snapshotId, int shard, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ValidateVersions(bundle.Version, null);
        var rowGroupSize = RowGroupSize();
        var snapshot = await snapshots.ReadManifestAsync(snapshotId, cancellationToken);
        var shards = FeatureSnapshotReader.ShardsOf(snapshot);
        if (shard < 0 || shard >= shards.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(shard), shard, $"Snapshot {snapshotId} has {shards.Count} shard(s).");
        }

        var version = bundle.Version;
        await blobs.DeleteAsync(_layout.PartManifest(version, shard), cancellationToken);
        var featurizer = new SnapshotRowFeaturizer(snapshot.AsOf, bundle.TimeUnit);
        var work = Directory.CreateTempSubdirectory("segment-scores-");
        try
        {
            using var run = new ScoringRun(bundle, snapshot, shard, work.FullName, rowGroupSize, options.Value.MaxDegreeOfParallelism, progress);
            var (rows, scoresHash, scoresLength) = await ScoreShardRowsAsync(
                run, snapshots.ReadShardRowGroupsAsync(snapshotId, shard, bundle.TimeUnit, cancellationToken), featurizer, shards[shard].RowCount, cancellationToken);
            var segments = await WritePartSegmentsAsync(run, cancellationToken);
            var part = new BatchScorePart(shard, snapshotId, rows, featurizer.NotKnown, scoresHash, scoresLength, segments);
            await WriteJsonAsync(
                _layout.PartManifest(version, shard), JsonSerializer.SerializeToUtf8Bytes(part, BatchScoringJsonContext.Default.BatchScorePart), cancellationToken);
            progress?.Report(1);
            LogShardScored(logger, version, snapshotId, shard, rows, featurizer.NotKnown);
            return part;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Merges the parts of every shard of the snapshot (<see cref="ScoreShardAsync"/>) into version
    /// <see cref="ModelBundle.Version"/>: scores.parquet, the audience files, flows.json against
    /// <paramref name="previousVersion"/> and manifest.json last; then removes the parts. Run again after it completed
    /// (the parts are gone, the manifest names the snapshot), it returns the manifest it wrote.
    /// </summary>
    /// <exception cref="BatchScoresCorruptException">A shard has no part from this snapshot, or a part or the previous
    /// version's scores do not match their records.</exception>
    public async Task<BatchScoreManifest> MergeAsync(
        ModelBundle bundle, string snapshotId, string? previousVersion, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var version = bundle.Version;
        ValidateVersions(version, previousVersion);
        var rowGroupSize = RowGroupSize();
        var snapshot = await snapshots.ReadManifestAsync(snapshotId, cancellationToken);
        var shards = FeatureSnapshotReader.ShardsOf(snapshot).Count;
        var parts = new BatchScorePart?[shards];
        for (var shard = 0; shard < shards; shard++)
        {
            parts[shard] = await ReadPartAsync(version, shard, cancellationToken);
        }

        if (Array.FindIndex(parts, p => p is null || p.SnapshotId != snapshotId) is var missing and >= 0)
        {
            // A merge that completed and is delivered again finds its parts removed and its manifest in place.
            if (parts[missing] is null && await scores.ReadManifestAsync(version, cancellationToken) is { } merged && merged.SnapshotId == snapshotId)
            {
                await DeletePartsAsync(version, cancellationToken);
                return merged;
            }

            throw new BatchScoresCorruptException(version, $"shard {missing} of snapshot {snapshotId} has no scored part to merge.");
        }

        var complete = parts.Select(p => p!).ToArray();
        var flows = await FlowCounterAsync(version, previousVersion, cancellationToken);
        await blobs.DeleteAsync(_layout.Manifest(version), cancellationToken);
        var merge = new MergeRun(bundle, complete, rowGroupSize, flows, snapshot.AsOf);
        var (scoresHash, scoresLength) = await MergeScoresAsync(merge, cancellationToken);
        progress?.Report(0.3);
        var segments = await MergeSegmentsAsync(merge, progress, cancellationToken);
        if (flows is not null)
        {
            var result = flows.Complete(version);
            await WriteJsonAsync(_layout.Flows(version), JsonSerializer.SerializeToUtf8Bytes(result, BatchScoringJsonContext.Default.SegmentFlows), cancellationToken);
            LogFlows(logger, version, flows.PreviousVersion, result.Matched, result.Changed, result.New, result.Departed);
        }
        else
        {
            await blobs.DeleteAsync(_layout.Flows(version), cancellationToken);
        }

        var rows = complete.Sum(p => p.RowCount);
        var skipped = complete.Sum(p => p.SkippedCount);
        var manifest = new BatchScoreManifest(
            BatchScoreManifest.CurrentFormatVersion, version, snapshotId, snapshot.AsOf, rows, skipped, segments,
            scoresHash, scoresLength, bundle.ChurnHorizonDays, bundle.Clv.Months, bundle.Clv.Currency,
            flows?.PreviousVersion, clock.GetUtcNow());
        await WriteJsonAsync(_layout.Manifest(version), JsonSerializer.SerializeToUtf8Bytes(manifest, BatchScoringJsonContext.Default.BatchScoreManifest), cancellationToken);
        await DeletePartsAsync(version, cancellationToken);
        progress?.Report(1);
        LogScored(logger, version, snapshotId, rows, skipped, segments.Count);
        return manifest;
    }

    private static void ValidateVersions(string version, string? previousVersion)
    {
        BatchScoreLayout.ValidateVersion(version);
        if (previousVersion is not null)
        {
            BatchScoreLayout.ValidateVersion(previousVersion);
            if (string.Equals(previousVersion, version, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Segment flows of version '{version}' cannot compare it with itself.", nameof(previousVersion));
            }
        }
    }

    private int RowGroupSize()
    {
        var rowGroupSize = options.Value.RowGroupSize;
        return rowGroupSize > 0 ? rowGroupSize : throw new InvalidOperationException($"BatchScoring:RowGroupSize must be positive, not {rowGroupSize}.");
    }

    private async Task<BatchScorePart?> ReadPartAsync(string version, int shard, CancellationToken cancellationToken)
    {
        await using var download = await blobs.OpenReadAsync(_layout.PartManifest(version, shard), cancellationToken);
        if (download is null)
        {
            return null;
        }

        try
        {
            return await JsonSerializer.DeserializeAsync(download.Content, BatchScoringJsonContext.Default.BatchScorePart, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new BatchScoresCorruptException(version, $"the part of shard {shard} is not a part record.", e);
        }
    }

    /// <summary>Removes every part: the records first, so that a removal cut short never leaves a part without its files.</summary>
    private async Task DeletePartsAsync(string version, CancellationToken cancellationToken)
    {
        var paths = new List<string>();
        await foreach (var blob in blobs.ListAsync(_layout.PartsFolder(version), cancellationToken))
        {
            paths.Add(blob.Path);
        }

        foreach (var path in paths.OrderBy(p => p.EndsWith("/part.json", StringComparison.Ordinal) ? 0 : 1))
        {
            await blobs.DeleteAsync(path, cancellationToken);
        }
    }

    private async Task<SegmentFlowCounter?> FlowCounterAsync(string version, string? previousVersion, CancellationToken cancellationToken)
    {
        if (previousVersion is null)
        {
            return null;
        }

        var previous = await scores.ReadManifestAsync(previousVersion, cancellationToken);
        if (previous is null)
        {
            LogNoPreviousScores(logger, version, previousVersion);
            return null;
        }

        return new SegmentFlowCounter(previousVersion, await scores.ReadAssignmentsAsync(previous, cancellationToken));
    }

    /// <summary>
    /// Scores the shard's customers known at the snapshot's time as its row groups stream in: their rows are gathered
    /// into batches of <see cref="BatchScoringOptions.RowGroupSize"/> in snapshot order, whatever the snapshot's own
    /// row groups, each scored in parallel and written as one row group of the part's scores.
    /// </summary>
    /// <param name="documents">The shard's documents, for the progress.</param>
    private async Task<(long Rows, string Sha256, long Length)> ScoreShardRowsAsync(
        ScoringRun run, IAsyncEnumerable<SnapshotRowGroup> groups, SnapshotRowFeaturizer featurizer, long documents, CancellationToken cancellationToken)
    {
        long rows = 0;
        var batch = new RowBatch(run.RowGroupSize);
        await using var file = new FileStream(
            Path.Combine(run.WorkFolder, "scores.parquet"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16,
            FileOptions.Asynchronous);
        await using (var writer = await ParquetWriter.CreateAsync(run.Schema.Schema, file, cancellationToken: cancellationToken))
        {
            async Task WriteBatchAsync()
            {
                var scored = ScoreBatch(run, batch, cancellationToken);
                await run.Schema.WriteRowGroupAsync(writer, scored, cancellationToken);
                run.AddRuns(scored);
                rows += scored.Length;
                batch.Clear();
                run.Progress?.Report(ScoringShare * Math.Min(1, (double)featurizer.Documents / Math.Max(1, documents)));
            }

            await foreach (var group in groups.WithCancellation(cancellationToken))
            {
                featurizer.Featurize(group, cancellationToken);
                for (var i = 0; i < featurizer.Count; i++)
                {
                    if (featurizer.HasRow(i))
                    {
                        batch.Add(featurizer.CustomerId(i), featurizer.SchemaVersion(i), featurizer.Row(i));
                        if (batch.IsFull)
                        {
                            await WriteBatchAsync();
                        }
                    }
                }
            }

            if (batch.Count > 0)
            {
                await WriteBatchAsync();
            }
        }

        featurizer.Complete();
        var (hash, length) = await UploadAsync(file, _layout.PartScores(run.Version, run.Shard), cancellationToken);
        return (rows, hash, length);
    }

    /// <summary>
    /// Scores a batch's rows in parallel into an array in snapshot order. The churn drivers are not computed: they are
    /// the costliest part of a score and no batch output shows them.
    /// </summary>
    private static BatchScoreRecord[] ScoreBatch(ScoringRun run, RowBatch batch, CancellationToken cancellationToken)
    {
        var records = new BatchScoreRecord[batch.Count];
        var asOf = run.Snapshot.AsOf;
        Parallel.For(0, batch.Count, run.Parallel(cancellationToken), k =>
            records[k] = BatchScoreRecord.From(run.Scorer.Score(batch.Ids[k], batch.SchemaVersions[k], batch.Row(k), asOf, explainChurn: false)));
        return records;
    }

    private async Task<IReadOnlyList<BatchScoreSegment>> WritePartSegmentsAsync(ScoringRun run, CancellationToken cancellationToken)
    {
        var written = new List<BatchScoreSegment>(run.Segments.Count);
        for (var k = 0; k < run.Segments.Count; k++)
        {
            var segment = run.Segments[k];
            await using var file = TemporaryFile.Create("segment-scores-segment");
            await using (var writer = new BatchScoreRowGroupWriter(run.Schema, run.RowGroupSize, await ParquetWriter.CreateAsync(run.Schema.Schema, file, cancellationToken: cancellationToken)))
            {
                await foreach (var record in run.Runs[k].MergeAsync(run.Segments.Count, segment.Name, run.Snapshot.AsOf, cancellationToken))
                {
                    await writer.AddAsync(record, cancellationToken);
                }

                await writer.FlushAsync(cancellationToken);
            }

            var (hash, length) = await UploadAsync(file, _layout.PartSegment(run.Version, run.Shard, segment.Id), cancellationToken);
            written.Add(new BatchScoreSegment(segment.Id, segment.Name, run.Runs[k].Count, hash, length));
            run.Progress?.Report(ScoringShare + (1 - ScoringShare) * (k + 1) / run.Segments.Count);
        }

        return written;
    }

    /// <summary>The parts' scores in shard order, which is snapshot order, with each customer counted for flows.</summary>
    private async Task<(string Sha256, long Length)> MergeScoresAsync(MergeRun merge, CancellationToken cancellationToken)
    {
        await using var file = TemporaryFile.Create("segment-scores-merged");
        await using (var writer = new BatchScoreRowGroupWriter(merge.Schema, merge.RowGroupSize, await ParquetWriter.CreateAsync(merge.Schema.Schema, file, cancellationToken: cancellationToken)))
        {
            foreach (var part in merge.Parts)
            {
                await using var source = await BatchScorePartFile.OpenAsync(
                    blobs, merge.Version, _layout.PartScores(merge.Version, part.Shard), part.ContentSha256, part.ContentLength, merge.Schema,
                    merge.SegmentNames, merge.AsOf, cancellationToken);
                long rows = 0;
                while (await source.ReadGroupAsync(cancellationToken) is { } group)
                {
                    foreach (var record in group)
                    {
                        merge.Flows?.Add(record.CustomerId, record.SegmentId);
                        await writer.AddAsync(record, cancellationToken);
                    }

                    rows += group.Length;
                }

                if (rows != part.RowCount)
                {
                    throw new BatchScoresCorruptException(merge.Version, $"the part of shard {part.Shard} counts {part.RowCount} rows but its scores hold {rows}.");
                }
            }

            await writer.FlushAsync(cancellationToken);
        }

        return await UploadAsync(file, _layout.Scores(merge.Version), cancellationToken);
    }

    /// <summary>Each segment's audience file: the k-way merge of the parts' files of that segment, in <see cref="AudienceOrder"/>.</summary>
    private async Task<IReadOnlyList<BatchScoreSegment>> MergeSegmentsAsync(MergeRun merge, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var written = new List<BatchScoreSegment>(merge.Segments.Count);
        for (var k = 0; k < merge.Segments.Count; k++)
        {
            var segment = merge.Segments[k];
            var sources = new List<BatchScorePartFile>(merge.Parts.Count);
            long count = 0;
            await using var file = TemporaryFile.Create("segment-scores-segment");
            try
            {
                var queue = new PriorityQueue<BatchScorePartFile, BatchScoreRecord>(AudienceOrder.Instance);
                foreach (var part in merge.Parts)
                {
                    var entry = part.Segments.FirstOrDefault(s => s.SegmentId == segment.Id)
                        ?? throw new BatchScoresCorruptException(merge.Version, $"the part of shard {part.Shard} has no segment {segment.Id}.");
                    var source = await BatchScorePartFile.OpenAsync(
                        blobs, merge.Version, _layout.PartSegment(merge.Version, part.Shard, segment.Id), entry.ContentSha256, entry.ContentLength,
                        merge.Schema, merge.SegmentNames, merge.AsOf, cancellationToken);
                    sources.Add(source);
                    if (await source.MoveNextAsync(cancellationToken))
                    {
                        queue.Enqueue(source, source.Current);
                    }
                }

                await using (var writer = new BatchScoreRowGroupWriter(merge.Schema, merge.RowGroupSize, await ParquetWriter.CreateAsync(merge.Schema.Schema, file, cancellationToken: cancellationToken)))
                {
                    while (queue.TryDequeue(out var source, out var record))
                    {
                        await writer.AddAsync(record, cancellationToken);
                        count++;
                        if (await source.MoveNextAsync(cancellationToken))
                        {
                            queue.Enqueue(source, source.Current);
                        }
                    }

                    await writer.FlushAsync(cancellationToken);
                }
            }
            finally
            {
                foreach (var source in sources)
                {
                    await source.DisposeAsync();
                }
            }

            var (hash, length) = await UploadAsync(file, _layout.Segment(merge.Version, segment.Id), cancellationToken);
            written.Add(new BatchScoreSegment(segment.Id, segment.Name, count, hash, length));
            progress?.Report(0.3 + 0.7 * (k + 1) / merge.Segments.Count);
        }

        // A version is one bundle, so its segments are fixed; this only clears files a foreign writer left behind.
        var expected = merge.Segments.Select(s => _layout.Segment(merge.Version, s.Id)).ToHashSet(StringComparer.Ordinal);
        var stale = new List<string>();
        await foreach (var blob in blobs.ListAsync(_layout.SegmentsFolder(merge.Version), cancellationToken))
        {
            if (!expected.Contains(blob.Path))
            {
                stale.Add(blob.Path);
            }
        }

        foreach (var path in stale)
        {
            await blobs.DeleteAsync(path, cancellationToken);
        }

        return written;
    }

    private async Task<(string Sha256, long Length)> UploadAsync(Stream file, string path, CancellationToken cancellationToken)
    {
        file.Position = 0;
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
        var length = file.Length;
        file.Position = 0;
        await blobs.WriteAsync(path, file, BlobCondition.None, cancellationToken);
        return (hash, length);
    }

    private async Task WriteJsonAsync(string path, byte[] json, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(json);
        await blobs.WriteAsync(path, content, BlobCondition.None, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Batch scores {Version}: previous version {PreviousVersion} has no complete scores; no segment flows are recorded")]
    private static partial void LogNoPreviousScores(ILogger logger, string version, string previousVersion);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Batch scores {Version} against {PreviousVersion}: {Matched} matched, {Changed} changed segment, {New} new, {Departed} departed")]
    private static partial void LogFlows(ILogger logger, string version, string previousVersion, long matched, long changed, long @new, long departed);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Scored part {Shard} of batch scores {Version} from snapshot {SnapshotId}: {Rows} customers, {Skipped} skipped")]
    private static partial void LogShardScored(ILogger logger, string version, string snapshotId, int shard, long rows, long skipped);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Wrote batch scores {Version} from snapshot {SnapshotId}: {Rows} customers, {Skipped} skipped, {Segments} segments")]
    private static partial void LogScored(ILogger logger, string version, string snapshotId, long rows, long skipped, int segments);

    /// <summary>The featurized rows of customers waiting to be scored together, in snapshot order.</summary>
    private sealed class RowBatch(int capacity)
    {
        private static readonly int Width = Domain.Training.TrainingRowFeaturizer.Width;
        private readonly double[] _values = new double[capacity * Width];

        public string[] Ids { get; } = new string[capacity];
        public int[] SchemaVersions { get; } = new int[capacity];
        public int Count { get; private set; }
        public bool IsFull => Count == Ids.Length;

        public ReadOnlySpan<double> Row(int k) => _values.AsSpan(k * Width, Width);

        public void Add(string customerId, int schemaVersion, ReadOnlySpan<double> row)
        {
            Ids[Count] = customerId;
            SchemaVersions[Count] = schemaVersion;
            row.CopyTo(_values.AsSpan(Count * Width, Width));
            Count++;
        }

        public void Clear() => Count = 0;
    }

    /// <summary>What merging the parts of a version shares: the parts in shard order, the schema and the segments.</summary>
    private sealed class MergeRun(ModelBundle bundle, IReadOnlyList<BatchScorePart> parts, int rowGroupSize, SegmentFlowCounter? flows, DateTimeOffset asOf)
    {
        public string Version { get; } = bundle.Version;
        public IReadOnlyList<BatchScorePart> Parts { get; } = parts;
        public int RowGroupSize { get; } = rowGroupSize;
        public SegmentFlowCounter? Flows { get; } = flows;
        public DateTimeOffset AsOf { get; } = asOf;
        public IReadOnlyList<SegmentDefinition> Segments { get; } = bundle.Segments;
        public IReadOnlyDictionary<int, string> SegmentNames { get; } = bundle.Segments.ToDictionary(s => s.Id, s => s.Name);
        public BatchScoreSchema Schema { get; } = new(bundle.SegmentIds);
    }

    /// <summary>The state of scoring one shard: the scorer, the schema, and one spill file per segment.</summary>
    private sealed class ScoringRun : IDisposable
    {
        private readonly Dictionary<int, int> _segmentIndex;
        private readonly int _maxDegreeOfParallelism;

        public ScoringRun(
            ModelBundle bundle, SnapshotManifest snapshot, int shard, string workFolder, int rowGroupSize, int maxDegreeOfParallelism,
            IProgress<double>? progress)
        {
            Version = bundle.Version;
            Shard = shard;
            Scorer = new CustomerScorer(bundle);
            Snapshot = snapshot;
            WorkFolder = workFolder;
            RowGroupSize = rowGroupSize;
            Progress = progress;
            Segments = bundle.Segments;
            Schema = new BatchScoreSchema(bundle.SegmentIds);
            _segmentIndex = Segments.Select((s, k) => (s.Id, k)).ToDictionary(p => p.Id, p => p.k);
            Runs = [.. Segments.Select(s => new SegmentRunFile(Path.Combine(workFolder, $"segment-{s.Id}.runs")))];
            _maxDegreeOfParallelism = maxDegreeOfParallelism;
        }

        public string Version { get; }
        public int Shard { get; }
        public CustomerScorer Scorer { get; }
        public SnapshotManifest Snapshot { get; }
        public string WorkFolder { get; }
        public int RowGroupSize { get; }
        public IProgress<double>? Progress { get; }
        public IReadOnlyList<SegmentDefinition> Segments { get; }
        public BatchScoreSchema Schema { get; }
        public IReadOnlyList<SegmentRunFile> Runs { get; }

        public ParallelOptions Parallel(CancellationToken cancellationToken) => new()
        {
            CancellationToken = cancellationToken,
            MaxDegreeOfParallelism = _maxDegreeOfParallelism > 0 ? _maxDegreeOfParallelism : Environment.ProcessorCount,
        };

        /// <summary>Appends the batch's rows of each segment to that segment's spill file as one sorted run.</summary>
        public void AddRuns(BatchScoreRecord[] scored)
        {
            var bySegment = new List<BatchScoreRecord>[Segments.Count];
            foreach (var record in scored)
            {
                var k = _segmentIndex[record.SegmentId];
                (bySegment[k] ??= []).Add(record);
            }

            for (var k = 0; k < bySegment.Length; k++)
            {
                if (bySegment[k] is { } rows)
                {
                    rows.Sort(AudienceOrder.Instance);
                    Runs[k].AppendRun(rows);
                }
            }
        }

        public void Dispose()
        {
            foreach (var run in Runs)
            {
                run.Dispose();
            }
        }
    }
}
