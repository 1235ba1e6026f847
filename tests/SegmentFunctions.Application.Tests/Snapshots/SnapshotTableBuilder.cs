using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Application.Training;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Models;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Application.Tests.Snapshots;

/// <summary>
/// Builds a <see cref="SnapshotTable"/> from a snapshot's row groups, the reference the streaming steps are checked
/// against: each group's documents are decoded in parallel, featurized (<see cref="TrainingRowFeaturizer"/>, as of
/// the snapshot's time) and appended to arrays sized from the manifest's row count; a document is garbage as
/// soon as its group is done.
/// </summary>
public static class SnapshotTableBuilder
{
    /// <summary>The table of snapshot <paramref name="snapshotId"/>, every shard, with time columns in <paramref name="unit"/>.</summary>
    public static async Task<SnapshotTable> ReadAsync(
        FeatureSnapshotReader reader, string snapshotId, LifetimeTimeUnit unit, CancellationToken cancellationToken)
    {
        var manifest = await reader.ReadManifestAsync(snapshotId, cancellationToken);
        return await BuildAsync(manifest, reader.ReadRowGroupsAsync(snapshotId, cancellationToken), unit, cancellationToken);
    }

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
        private int _documents;
        private int _newer;
        private string? _newerExample;
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
        private int _rows;

        /// <summary>Adds <paramref name="count"/> documents, decoded in parallel.</summary>
        public void Add(int count, Func<int, CustomerFeatures> document, CancellationToken cancellationToken)
        {
            if (_documents + count > _capacity)
            {
                throw new SnapshotCorruptException(manifest.SnapshotId, $"the file holds more than the {manifest.RowCount} rows the manifest counts.");
            }

            var documents = new CustomerFeatures[count];
            Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellationToken }, i => documents[i] = document(i));
            _documents += count;
            var imputed = new bool[Width];
            foreach (var d in documents)
            {
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

                TrainingRowFeaturizer.Featurize(d, _asOf, unit, _values.AsSpan(_rows * Width, Width), imputed);
                for (var j = 0; j < Width; j++)
                {
                    _imputedCounts[j] += imputed[j] ? 1 : 0;
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
        }

        public SnapshotTable Complete()
        {
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

            var report = TrainingTableBuilder.Report(_documents, _notKnown.Count, _rows, _imputedCounts, _asOf, [], []);
            var features = new TrainingTable(_asOf, unit, _ids, FeatureNames.All, _values, report);
            return new SnapshotTable(
                manifest, unit, features, _schemaVersions, _firstSeen, _lastSeen, _firstPurchase, _dayStart, [.. _days], [.. _amounts], _notKnown);
        }
    }
}
