using SegmentFunctions.Application.Training;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Application.Snapshots;

/// <summary>
/// Decodes and featurizes a snapshot's row groups one at a time (<see cref="TrainingRowFeaturizer"/>, as of the
/// snapshot's time, each group's documents in parallel), for readers that stream a snapshot or one of its shards rather
/// than hold it: memory is one group's documents and rows, in buffers reused from group to group. Documents of
/// customers not known at the snapshot's time have no row; documents with an event after it fail the read when it ends
/// (<see cref="Complete"/>), counted and named as a table build names them.
/// </summary>
public sealed class SnapshotRowFeaturizer(DateTimeOffset asOf, LifetimeTimeUnit unit)
{
    private static readonly int Width = TrainingRowFeaturizer.Width;

    private CustomerFeatures?[] _documents = [];
    private bool[] _known = [];
    private double[] _values = [];
    private bool[] _imputed = [];
    private int _count;
    private int _newer;
    private string? _newerExample;

    public DateTimeOffset AsOf { get; } = asOf;

    public LifetimeTimeUnit TimeUnit { get; } = unit;

    /// <summary>Documents read so far.</summary>
    public int Documents { get; private set; }

    /// <summary>Documents read so far whose customer was not known at <see cref="AsOf"/> (first seen at or after it, or never).</summary>
    public int NotKnown { get; private set; }

    /// <summary>The documents of the group last featurized, in file order.</summary>
    public int Count => _count;

    /// <summary>Decodes and featurizes the <paramref name="count"/> documents of a group, replacing the previous group's.</summary>
    /// <exception cref="SnapshotCorruptException">A row is not a feature document.</exception>
    public void Featurize(int count, Func<int, CustomerFeatures> document, CancellationToken cancellationToken) =>
        Featurize(count, document, admits: null, cancellationToken);

    /// <summary><see cref="Featurize(int, Func{int, CustomerFeatures}, CancellationToken)"/> of a snapshot's row group.</summary>
    public void Featurize(SnapshotRowGroup group, CancellationToken cancellationToken) => Featurize(group, include: null, cancellationToken);

    /// <summary>
    /// Featurizes the rows of a group whose customer <paramref name="include"/> takes (every one when null); the others
    /// get no row and are not decoded.
    /// </summary>
    public void Featurize(SnapshotRowGroup group, Func<string, bool>? include, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        Featurize(
            group.Count, group.Decode, include is null ? null : i => group.CustomerIdOf(i) is { } id && include(id), cancellationToken);
    }

    private void Featurize(int count, Func<int, CustomerFeatures> document, Func<int, bool>? admits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentOutOfRangeException.ThrowIfNegative(count);

        // One set of buffers for the whole read: a million rows are a hundred groups, whose buffers would otherwise
        // each be large-object garbage.
        if (_documents.Length < count)
        {
            _documents = new CustomerFeatures?[count];
            _known = new bool[count];
            _values = new double[count * Width];
            _imputed = new bool[count * Width];
        }

        var (documents, known, values, imputed, asOf) = (_documents, _known, _values, _imputed, AsOf);
        Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            if (admits is not null && !admits(i))
            {
                known[i] = false;
                documents[i] = null;
                return;
            }

            var d = document(i);
            known[i] = TrainingRowFeaturizer.IsKnownAt(d, asOf) && !(d.LastSeenAt > asOf);
            if (known[i])
            {
                TrainingRowFeaturizer.Featurize(d, asOf, TimeUnit, values.AsSpan(i * Width, Width), imputed.AsSpan(i * Width, Width));
            }

            documents[i] = d;
        });

        Array.Clear(_documents, count, _count > count ? _count - count : 0);
        _count = count;
        for (var i = 0; i < count; i++)
        {
            if (documents[i] is not { } d)
            {
                continue;
            }

            Documents++;
            if (!TrainingRowFeaturizer.IsKnownAt(d, asOf))
            {
                NotKnown++;
            }
            else if (d.LastSeenAt > asOf)
            {
                _newer++;
                _newerExample ??= d.CustomerId;
            }
        }
    }

    /// <summary>Document <paramref name="i"/> of the group last featurized.</summary>
    /// <exception cref="InvalidOperationException">The row was not included, so not decoded.</exception>
    public CustomerFeatures Document(int i) => (uint)i < (uint)_count
        ? _documents[i] ?? throw new InvalidOperationException($"Document {i} was not included.")
        : throw new ArgumentOutOfRangeException(nameof(i));

    /// <summary>The customer id of row <paramref name="i"/>.</summary>
    public string CustomerId(int i) => Document(i).CustomerId;

    /// <summary>The feature schema version of the document of row <paramref name="i"/>.</summary>
    public int SchemaVersion(int i) => Document(i).SchemaVersion;

    /// <summary>Whether document <paramref name="i"/> has a row: its customer known at <see cref="AsOf"/> and no event after it.</summary>
    public bool HasRow(int i) => (uint)i < (uint)_count ? _known[i] : throw new ArgumentOutOfRangeException(nameof(i));

    /// <summary>The row of document <paramref name="i"/> (<see cref="FeatureNames.All"/>), when it <see cref="HasRow"/>.</summary>
    public ReadOnlySpan<double> Row(int i) => HasRow(i) ? _values.AsSpan(i * Width, Width) : throw new InvalidOperationException($"Document {i} has no row.");

    /// <summary>Which values of row <paramref name="i"/> were imputed.</summary>
    public ReadOnlySpan<bool> Imputed(int i) => HasRow(i) ? _imputed.AsSpan(i * Width, Width) : throw new InvalidOperationException($"Document {i} has no row.");

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
}
