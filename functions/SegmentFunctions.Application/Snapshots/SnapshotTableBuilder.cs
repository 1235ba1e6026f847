using SegmentFunctions.Application.Training;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Models;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Application.Snapshots;

/// <summary>
/// Builds a <see cref="SnapshotTable"/> from a snapshot's row groups: each group's documents are decoded and
/// featurized (<see cref="TrainingRowFeaturizer"/>, as of the snapshot's time) in parallel and appended to arrays
/// sized from the manifest's row count; a document is garbage as soon as its row is written.
/// </summary>
public static class SnapshotTableBuilder
{
    /// <exception cref="ModelTrainingException">A document holds events after the snapshot's time.</exception>
    /// <exception cref="SnapshotCorruptException">A row is not a feature document.</exception>
    public static async Task<SnapshotTable> BuildAsync(
        SnapshotManifest manifest, IAsyncEnumerable<SnapshotRowGroup> groups, LifetimeTimeUnit unit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(groups);
        var builder = new Accumulator(manifest, unit);
        await foreach (var group in groups.WithCancellation(cancellationToken))
        {
            builder.Add(group.Count, group.Decode, cancellationToken);
        }

        return builder.Complete();
    }

    /// <summary>The table's arrays, filled a row group at a time in snapshot order.</summary>
    private sealed class Accumulator(SnapshotManifest manifest, LifetimeTimeUnit unit)
    {
        private static readonly int Width = TrainingRowFeaturizer.Width;

        private readonly DateTimeOffset _asOf = manifest.AsOf;
        private readonly int _capacity = checked((int)manifest.RowCount);
        private readonly int[] _imputedCounts = new int[Width];
        private readonly List<(DateTimeOffset? FirstSeen, DateTimeOffset? LastSeen)> _notKnown = [];
        private readonly List<int> _days = [];
        private readonly List<double> _amounts = [];
        private double[] _values = new double[checked((int)manifest.RowCount * Width)];
        private string[] _ids = new string[manifest.RowCount];
        private int[] _schemaVersions = new int[manifest.RowCount];
        private long[] _firstSeen = new long[manifest.RowCount];
        private long[] _lastSeen = new long[manifest.RowCount];
        private long[] _firstPurchase = new long[manifest.RowCount];
        private int[] _dayStart = new int[manifest.RowCount + 1];
        private CustomerFeatures?[] _groupDocuments = [];
        private double[] _groupValues = [];
        private bool[] _groupImputed = [];
        private readonly long[] _shardEnds = ShardEnds(manifest);
        private readonly int[] _shardRowEnds = new int[ShardEnds(manifest).Length];
        private int _shardsEnded;
        private int _rows;
        private int _read;
        private int _newer;
        private string? _newerExample;

        /// <summary>Adds <paramref name="count"/> documents, decoded and featurized in parallel.</summary>
        public void Add(int count, Func<int, CustomerFeatures> document, CancellationToken cancellationToken)
        {
            if (_read + count > _capacity)
            {
                throw new SnapshotCorruptException(manifest.SnapshotId, $"the file holds more than the {manifest.RowCount} rows the manifest counts.");
            }

            // One set of group buffers for the whole build: a million rows are a hundred groups, whose buffers would
            // otherwise each be large-object garbage.
            if (_groupDocuments.Length < count)
            {
                _groupDocuments = new CustomerFeatures?[count];
                _groupValues = new double[count * Width];
                _groupImputed = new bool[count * Width];
            }

            var documents = _groupDocuments;
            var values = _groupValues;
            var imputed = _groupImputed;
            Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            {
                var d = document(i);
                if (TrainingRowFeaturizer.IsKnownAt(d, _asOf) && !(d.LastSeenAt > _asOf))
                {
                    TrainingRowFeaturizer.Featurize(d, _asOf, unit, values.AsSpan(i * Width, Width), imputed.AsSpan(i * Width, Width));
                }
                documents[i] = d;
            });

            for (var source = 0; source < count; source++)
            {
                var d = documents[source]!;
                documents[source] = null;
                _read++;
                if (!TrainingRowFeaturizer.IsKnownAt(d, _asOf))
                {
                    _notKnown.Add((d.FirstSeenAt, d.LastSeenAt));
                    continue;
                }

                if (d.LastSeenAt > _asOf)
                {
                    _newer++;
                    _newerExample ??= d.CustomerId;
                    continue;
                }

                values.AsSpan(source * Width, Width).CopyTo(_values.AsSpan(_rows * Width, Width));
                for (var j = 0; j < Width; j++)
                {
                    _imputedCounts[j] += imputed[source * Width + j] ? 1 : 0;
                }

                _ids[_rows] = d.CustomerId;
                _schemaVersions[_rows] = d.SchemaVersion;
                _firstSeen[_rows] = SnapshotTable.Ticks(d.FirstSeenAt);
                _lastSeen[_rows] = SnapshotTable.Ticks(d.LastSeenAt);
                _firstPurchase[_rows] = SnapshotTable.Ticks(d.FirstPurchaseAt);
                foreach (var day in d.PurchaseDays)
                {
                    _days.Add(day.Date.DayNumber);
                    _amounts.Add((double)day.Amount);
                }

                _rows++;
                _dayStart[_rows] = _days.Count;
            }

            EndShards();
        }

        /// <summary>Records the rows of every shard whose documents are all read (a row group never spans two shards).</summary>
        private void EndShards()
        {
            while (_shardsEnded < _shardEnds.Length && _read >= _shardEnds[_shardsEnded])
            {
                _shardRowEnds[_shardsEnded++] = _rows;
            }
        }

        /// <summary>
        /// The documents read by the end of each shard, when the row groups are those of every shard of the manifest
        /// in order; none when they cannot be (a build of one shard alone).
        /// </summary>
        private static long[] ShardEnds(SnapshotManifest manifest)
        {
            if (manifest.Shards is not { Count: > 1 } shards || shards.Sum(s => s.RowCount) != manifest.RowCount)
            {
                return [];
            }

            var ends = new long[shards.Count];
            long end = 0;
            for (var i = 0; i < shards.Count; i++)
            {
                end += shards[i].RowCount;
                ends[i] = end;
            }

            return ends;
        }

        public SnapshotTable Complete()
        {
            EndShards();
            if (_newer > 0)
            {
                var e = new FeaturesNewerThanAsOfException(_newer, _newerExample!, _asOf);
                throw new ModelTrainingException($"The feature documents are not a snapshot as of {_asOf:O}: {e.Message}", e);
            }

            if (_rows < _capacity)
            {
                Array.Resize(ref _values, _rows * Width);
                Array.Resize(ref _ids, _rows);
                Array.Resize(ref _schemaVersions, _rows);
                Array.Resize(ref _firstSeen, _rows);
                Array.Resize(ref _lastSeen, _rows);
                Array.Resize(ref _firstPurchase, _rows);
                Array.Resize(ref _dayStart, _rows + 1);
            }

            var report = TrainingTableBuilder.Report(_read, _notKnown.Count, _rows, _imputedCounts, _asOf, [], []);
            var features = new TrainingTable(_asOf, unit, _ids, FeatureNames.All, _values, report);
            return new SnapshotTable(
                manifest, unit, features, _schemaVersions, _firstSeen, _lastSeen, _firstPurchase, _dayStart, [.. _days], [.. _amounts], _notKnown,
                _shardsEnded == _shardEnds.Length ? _shardRowEnds : []);
        }
    }
}
