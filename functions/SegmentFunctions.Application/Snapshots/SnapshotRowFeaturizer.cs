using SegmentFunctions.Application.Training;
using SegmentFunctions.Domain.Models;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Application.Snapshots;

/// <summary>
/// The training rows of a snapshot's row groups, one group at a time (<see cref="TrainingRowFeaturizer"/>, as of the
/// snapshot's time), for readers that stream a snapshot or one of its shards rather than hold it: memory is one
/// group's rows, in buffers reused from group to group. A group read with the rows the snapshot stores
/// (<see cref="FeatureSnapshotReader.ReadRowGroupsAsync(string, LifetimeTimeUnit?, CancellationToken)"/>) gives them
/// as they are, when they are this featurizer's (<see cref="SnapshotRows.Current"/>, as of <see cref="AsOf"/>); any
/// other group's documents are decoded and featurized in parallel. Both give the same rows, counts and failures.
/// Documents of customers not known at the snapshot's time have no row; documents with an event after it fail the
/// read when it ends (<see cref="Complete"/>), counted and named as a table build names them.
/// </summary>
public sealed class SnapshotRowFeaturizer(DateTimeOffset asOf, LifetimeTimeUnit unit)
{
    private static readonly int Width = TrainingRowFeaturizer.Width;

    private readonly SnapshotRows _rows = SnapshotRows.Current(unit);
    private SnapshotRowGroup? _group;
    private SnapshotRowStatus?[] _status = [];
    private double[] _values = [];
    private int _newer;
    private string? _newerExample;

    public DateTimeOffset AsOf { get; } = asOf;

    public LifetimeTimeUnit TimeUnit { get; } = unit;

    /// <summary>Documents read so far, those an inclusion filter refused too.</summary>
    public int Documents { get; private set; }

    /// <summary>
    /// Documents read so far and not refused whose customer was not known at <see cref="AsOf"/> (first seen at or after
    /// it, or never).
    /// </summary>
    public int NotKnown { get; private set; }

    /// <summary>The documents of the group last featurized, in file order.</summary>
    public int Count => _group?.Count ?? 0;

    /// <summary>The rows of every document of a group, replacing the previous group's.</summary>
    /// <exception cref="SnapshotCorruptException">A row is not a feature document, or its stored row is not one.</exception>
    public void Featurize(SnapshotRowGroup group, CancellationToken cancellationToken) => Featurize(group, include: null, cancellationToken);

    /// <summary>
    /// The rows of a group's documents whose customer id <paramref name="include"/> takes (all when null), replacing
    /// the previous group's; the others have no row and are neither decoded nor counted in <see cref="NotKnown"/> or
    /// <see cref="Complete"/>. <paramref name="include"/> is called from several threads at once.
    /// </summary>
    /// <exception cref="ArgumentException">The group was read without its documents and with rows other than this featurizer's.</exception>
    /// <exception cref="SnapshotCorruptException">A row is not a feature document, or its stored row is not one.</exception>
    public void Featurize(SnapshotRowGroup group, Func<string, bool>? include, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        var count = group.Count;

        // One set of buffers for the whole read: a million rows are a hundred groups, whose buffers would otherwise
        // each be large-object garbage.
        if (_status.Length < count)
        {
            _status = new SnapshotRowStatus?[count];
            _values = new double[count * Width];
        }

        _group = null;
        var (status, values, asOf, timeUnit) = (_status, _values, AsOf, TimeUnit);
        var parallel = new ParallelOptions { CancellationToken = cancellationToken };
        if (group.StoredRows is { } stored && _rows.Equals(group.Rows) && group.AsOf == AsOf)
        {
            Parallel.For(0, count, parallel, i =>
            {
                var id = group.CustomerIdOf(i);
                status[i] = include is not null && (id is null || !include(id)) ? null : Stored(group, stored, i, values.AsSpan(i * Width, Width));
            });
        }
        else if (group.HasDocuments)
        {
            Parallel.For(0, count, parallel, () => new bool[Width], (i, _, imputed) =>
            {
                var id = group.CustomerIdOf(i);
                status[i] = include is not null && (id is null || !include(id)) ? null : Featurized(group.Decode(i), asOf, timeUnit, values.AsSpan(i * Width, Width), imputed);
                return imputed;
            }, _ => { });
        }
        else
        {
            throw new ArgumentException(
                $"Row group {group.Index} of snapshot {group.SnapshotId} was read without its documents, with rows other than those as of {AsOf:O} in {TimeUnit}.",
                nameof(group));
        }

        _group = group;
        Documents += count;
        for (var i = 0; i < count; i++)
        {
            if (status[i] == SnapshotRowStatus.NotKnown)
            {
                NotKnown++;
            }
            else if (status[i] == SnapshotRowStatus.SeenAfterAsOf)
            {
                _newer++;
                _newerExample ??= group.CustomerIdOf(i);
            }
        }
    }

    /// <summary>The customer id of document <paramref name="i"/> of the group last featurized.</summary>
    public string CustomerId(int i)
    {
        var group = Current(i);
        return group.CustomerIdOf(i) ?? throw new SnapshotCorruptException(group.SnapshotId, $"row {i} of row group {group.Index} has no customer id.");
    }

    /// <summary>The schema version of document <paramref name="i"/> of the group last featurized.</summary>
    public int SchemaVersion(int i) => Current(i).SchemaVersionOf(i);

    /// <summary>Whether document <paramref name="i"/> has a row: included, its customer known at <see cref="AsOf"/> and no event after it.</summary>
    public bool HasRow(int i)
    {
        Current(i);
        return _status[i] == SnapshotRowStatus.Row;
    }

    /// <summary>The row of document <paramref name="i"/> (<see cref="FeatureNames.All"/>), when it <see cref="HasRow"/>.</summary>
    public ReadOnlySpan<double> Row(int i) => HasRow(i) ? _values.AsSpan(i * Width, Width) : throw new InvalidOperationException($"Document {i} has no row.");

    /// <summary>Ends the read: the documents are a snapshot as of <see cref="AsOf"/> only if none has an event after it.</summary>
    /// <exception cref="ModelTrainingException">A document holds events after <see cref="AsOf"/>.</exception>
    public void Complete()
    {
        if (_newer > 0)
        {
            var e = new FeaturesNewerThanAsOfException(_newer, _newerExample!, AsOf);
            throw new ModelTrainingException($"The feature documents are not a snapshot as of {AsOf:O}: {e.Message}", e);
        }
    }

    private SnapshotRowGroup Current(int i) =>
        _group is { } group && (uint)i < (uint)group.Count ? group : throw new ArgumentOutOfRangeException(nameof(i));

    private static SnapshotRowStatus Featurized(
        Domain.Features.CustomerFeatures document, DateTimeOffset asOf, LifetimeTimeUnit unit, Span<double> row, Span<bool> imputed)
    {
        if (!TrainingRowFeaturizer.IsKnownAt(document, asOf))
        {
            return SnapshotRowStatus.NotKnown;
        }

        if (document.LastSeenAt > asOf)
        {
            return SnapshotRowStatus.SeenAfterAsOf;
        }

        TrainingRowFeaturizer.Featurize(document, asOf, unit, row, imputed);
        return SnapshotRowStatus.Row;
    }

    /// <summary>Row <paramref name="i"/> as stored; a value that is not finite fails as featurizing its document does.</summary>
    private static SnapshotRowStatus Stored(SnapshotRowGroup group, SnapshotRowColumns stored, int i, Span<double> row)
    {
        var status = (SnapshotRowStatus)stored.Status[i];
        if (!Enum.IsDefined(status))
        {
            throw new SnapshotCorruptException(group.SnapshotId, $"row {i} of row group {group.Index} has row status {stored.Status[i]}, which this code does not write.");
        }

        if (status != SnapshotRowStatus.Row)
        {
            return status;
        }

        for (var j = 0; j < row.Length; j++)
        {
            row[j] = stored.Values[j][i]
                ?? throw new SnapshotCorruptException(group.SnapshotId, $"row {i} of row group {group.Index} has a row without {FeatureNames.All[j]}.");
        }

        for (var j = 0; j < row.Length; j++)
        {
            if (!double.IsFinite(row[j]))
            {
                throw new NonFiniteFeatureException(group.CustomerIdOf(i) ?? "", FeatureNames.All[j], row[j]);
            }
        }

        return status;
    }
}
