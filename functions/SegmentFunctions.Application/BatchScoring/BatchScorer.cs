using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Parquet;
using SegmentFunctions.Application.Files;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Scoring;

namespace SegmentFunctions.Application.BatchScoring;

/// <summary>
/// Scores every customer of a feature snapshot with a model bundle into <c>scores/{version}/</c> (see
/// <see cref="BatchScoreLayout"/>): scores.parquet in snapshot order, one audience file per segment sorted by churn
/// probability descending, flows.json against a previous version, and manifest.json last, so a manifest means the
/// version is complete.
/// </summary>
/// <remarks>
/// The customers come featurized from the snapshot's <see cref="SnapshotTable"/> (<see cref="SnapshotTables"/>: the
/// one a retraining run built for its fits, or built here), about 250 bytes a customer; besides it, memory is constant
/// in the number of customers except for segment flows: rows are scored in batches of
/// <see cref="BatchScoringOptions.RowGroupSize"/>, each in parallel and written as a row group, and the audience files
/// are an external merge sort (every batch appends a sorted run per segment to a local spill file; the runs are then
/// merged as streams). Flows need the previous
/// version's customerId -> segmentId map in memory. Re-running a version overwrites it with the same files.
/// </remarks>
public sealed partial class BatchScorer(
    FeatureSnapshotReader snapshots,
    SnapshotTables tables,
    BatchScoreReader scores,
    IBlobStore blobs,
    IOptions<BatchScoringOptions> options,
    TimeProvider clock,
    ILogger<BatchScorer> logger)
{
    /// <summary>Share of the progress reported while scoring; the rest is writing the audience files.</summary>
    private const double ScoringShare = 0.8;

    private readonly BatchScoreLayout _layout = new(options.Value.Container);

    /// <summary>
    /// Scores the snapshot with <paramref name="bundle"/> as of the snapshot's time into version
    /// <see cref="ModelBundle.Version"/>, overwriting that version if it exists, and returns the manifest.
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
        var version = bundle.Version;
        BatchScoreLayout.ValidateVersion(version);
        if (previousVersion is not null)
        {
            BatchScoreLayout.ValidateVersion(previousVersion);
            if (string.Equals(previousVersion, version, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Segment flows of version '{version}' cannot compare it with itself.", nameof(previousVersion));
            }
        }

        var rowGroupSize = options.Value.RowGroupSize;
        if (rowGroupSize <= 0)
        {
            throw new InvalidOperationException($"BatchScoring:RowGroupSize must be positive, not {rowGroupSize}.");
        }

        var snapshot = await snapshots.ReadManifestAsync(snapshotId, cancellationToken);
        var flows = await FlowCounterAsync(version, previousVersion, cancellationToken);

        // The old manifest goes first: readers must not take files being replaced for a complete version.
        await blobs.DeleteAsync(_layout.Manifest(version), cancellationToken);

        var work = Directory.CreateTempSubdirectory("segment-scores-");
        try
        {
            var run = new ScoringRun(bundle, snapshot, work.FullName, rowGroupSize, options.Value.MaxDegreeOfParallelism, flows, progress);
            try
            {
                var (rows, skipped, scoresHash, scoresLength) = await ScoreSnapshotAsync(run, cancellationToken);
                var segments = await WriteSegmentsAsync(run, cancellationToken);
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

                var manifest = new BatchScoreManifest(
                    BatchScoreManifest.CurrentFormatVersion, version, snapshotId, snapshot.AsOf, rows, skipped, segments,
                    scoresHash, scoresLength, bundle.ChurnHorizonDays, bundle.Clv.Months, bundle.Clv.Currency,
                    flows?.PreviousVersion, clock.GetUtcNow());
                await WriteJsonAsync(_layout.Manifest(version), JsonSerializer.SerializeToUtf8Bytes(manifest, BatchScoringJsonContext.Default.BatchScoreManifest), cancellationToken);
                progress?.Report(1);
                LogScored(logger, version, snapshotId, rows, skipped, segments.Count);
                return manifest;
            }
            finally
            {
                run.Dispose();
            }
        }
        finally
        {
            work.Delete(recursive: true);
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

    private async Task<(long Rows, long Skipped, string Sha256, long Length)> ScoreSnapshotAsync(ScoringRun run, CancellationToken cancellationToken)
    {
        // The snapshot's table, featurized once and shared with the retraining run that scores right after training.
        var table = await tables.GetAsync(run.Snapshot.SnapshotId, run.TimeUnit, cancellationToken);
        long rows = 0;
        long skipped = table.NotKnown;
        var file = new FileStream(
            Path.Combine(run.WorkFolder, "scores.parquet"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16,
            FileOptions.Asynchronous);
        await using (file)
        {
            await using (var writer = await ParquetWriter.CreateAsync(run.Schema.Schema, file, cancellationToken: cancellationToken))
            {
                for (var start = 0; start < table.Features.RowCount; start += run.RowGroupSize)
                {
                    var count = Math.Min(run.RowGroupSize, table.Features.RowCount - start);
                    var scored = ScoreBatch(run, table, start, count, cancellationToken);
                    await run.Schema.WriteRowGroupAsync(writer, scored, cancellationToken);
                    run.AddRuns(scored);
                    rows += scored.Length;
                    if (run.Snapshot.RowCount > 0)
                    {
                        run.Progress?.Report(ScoringShare * (rows + skipped) / run.Snapshot.RowCount);
                    }
                }
            }

            file.Position = 0;
            var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
            var length = file.Length;
            file.Position = 0;
            await blobs.WriteAsync(_layout.Scores(run.Version), file, BlobCondition.None, cancellationToken);
            return (rows, skipped, hash, length);
        }
    }

    /// <summary>
    /// Scores rows [start, start + count) of the table in parallel into an array in snapshot order (the table holds
    /// only customers known at the snapshot time). The churn drivers are not computed: they are the costliest part of
    /// a score and no batch output shows them.
    /// </summary>
    private static BatchScoreRecord[] ScoreBatch(ScoringRun run, SnapshotTable table, int start, int count, CancellationToken cancellationToken)
    {
        var records = new BatchScoreRecord[count];
        var asOf = run.Snapshot.AsOf;
        var ids = table.Features.CustomerIds;
        Parallel.For(0, count, run.Parallel(cancellationToken), k =>
        {
            var i = start + k;
            records[k] = BatchScoreRecord.From(run.Scorer.Score(ids[i], table.SchemaVersions[i], table.Features.Row(i), asOf, explainChurn: false));
        });

        if (run.Flows is { } flows)
        {
            foreach (var record in records)
            {
                flows.Add(record.CustomerId, record.SegmentId);
            }
        }

        return records;
    }

    private async Task<IReadOnlyList<BatchScoreSegment>> WriteSegmentsAsync(ScoringRun run, CancellationToken cancellationToken)
    {
        var written = new List<BatchScoreSegment>(run.Segments.Count);
        for (var k = 0; k < run.Segments.Count; k++)
        {
            var segment = run.Segments[k];
            await using var file = TemporaryFile.Create("segment-scores-segment");
            await using (var writer = await ParquetWriter.CreateAsync(run.Schema.Schema, file, cancellationToken: cancellationToken))
            {
                var group = new List<BatchScoreRecord>(Math.Min(run.RowGroupSize, 1 << 16));
                await foreach (var record in run.Runs[k].MergeAsync(run.Segments.Count, segment.Name, run.Snapshot.AsOf, cancellationToken))
                {
                    group.Add(record);
                    if (group.Count == run.RowGroupSize)
                    {
                        await run.Schema.WriteRowGroupAsync(writer, group.ToArray(), cancellationToken);
                        group.Clear();
                    }
                }

                if (group.Count > 0)
                {
                    await run.Schema.WriteRowGroupAsync(writer, group.ToArray(), cancellationToken);
                }
            }

            file.Position = 0;
            var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
            var length = file.Length;
            file.Position = 0;
            await blobs.WriteAsync(_layout.Segment(run.Version, segment.Id), file, BlobCondition.None, cancellationToken);
            written.Add(new BatchScoreSegment(segment.Id, segment.Name, run.Runs[k].Count, hash, length));
            run.Progress?.Report(ScoringShare + (1 - ScoringShare) * (k + 1) / run.Segments.Count);
        }

        // A version is one bundle, so its segments are fixed; this only clears files a foreign writer left behind.
        var expected = run.Segments.Select(s => _layout.Segment(run.Version, s.Id)).ToHashSet(StringComparer.Ordinal);
        var stale = new List<string>();
        await foreach (var blob in blobs.ListAsync(_layout.SegmentsFolder(run.Version), cancellationToken))
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
        Message = "Wrote batch scores {Version} from snapshot {SnapshotId}: {Rows} customers, {Skipped} skipped, {Segments} segments")]
    private static partial void LogScored(ILogger logger, string version, string snapshotId, long rows, long skipped, int segments);

    /// <summary>The state of one scoring run: the scorer, the schema, and one spill file per segment.</summary>
    private sealed class ScoringRun : IDisposable
    {
        private readonly Dictionary<int, int> _segmentIndex;
        private readonly int _maxDegreeOfParallelism;

        public ScoringRun(
            ModelBundle bundle, SnapshotManifest snapshot, string workFolder, int rowGroupSize, int maxDegreeOfParallelism,
            SegmentFlowCounter? flows, IProgress<double>? progress)
        {
            Version = bundle.Version;
            TimeUnit = bundle.TimeUnit;
            Scorer = new CustomerScorer(bundle);
            Snapshot = snapshot;
            WorkFolder = workFolder;
            RowGroupSize = rowGroupSize;
            Flows = flows;
            Progress = progress;
            Segments = bundle.Segments;
            Schema = new BatchScoreSchema(bundle.SegmentIds);
            _segmentIndex = Segments.Select((s, k) => (s.Id, k)).ToDictionary(p => p.Id, p => p.k);
            Runs = [.. Segments.Select(s => new SegmentRunFile(Path.Combine(workFolder, $"segment-{s.Id}.runs")))];
            _maxDegreeOfParallelism = maxDegreeOfParallelism;
        }

        public string Version { get; }
        public LifetimeTimeUnit TimeUnit { get; }
        public CustomerScorer Scorer { get; }
        public SnapshotManifest Snapshot { get; }
        public string WorkFolder { get; }
        public int RowGroupSize { get; }
        public SegmentFlowCounter? Flows { get; }
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
