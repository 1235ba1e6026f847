using SegmentFunctions.Application.Training;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Readiness;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// What <see cref="CheckReadinessActivity"/> decides on, counted a row group at a time in snapshot order: the readiness
/// tally, the customers known at the snapshot's time and the buyers among them, and the first row group holding a
/// document newer than that time. A shard's writer counts the documents it writes (<see cref="ToCounts"/>), and the
/// check adds the shards' counts in shard order; without them the check counts the documents it reads. The row groups
/// and their order are the same either way, so are the counts and the first newer document.
/// </summary>
internal sealed class ReadinessCounter(DateTimeOffset snapshotAsOf, DataReadinessTally tally)
{
    private int _newer;
    private string? _firstNewer;

    public long Documents => tally.Documents;

    public int Customers { get; private set; }

    public int Buyers { get; private set; }

    /// <summary>Counts one row group of the snapshot.</summary>
    public void Add(IReadOnlyList<CustomerFeatures> rowGroup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rowGroup);
        tally.Add(rowGroup, cancellationToken);
        var newer = 0;
        string? first = null;
        foreach (var document in rowGroup)
        {
            if (!TrainingRowFeaturizer.IsKnownAt(document, snapshotAsOf))
            {
                continue;
            }

            Customers++;
            Buyers += document.FirstPurchaseAt is { } purchase && purchase <= snapshotAsOf ? 1 : 0;
            if (document.LastSeenAt > snapshotAsOf)
            {
                newer++;
                first ??= document.CustomerId;
            }
        }

        Keep(newer, first);
    }

    /// <summary>Adds the counts of the next shard of the snapshot.</summary>
    /// <exception cref="ArgumentException">The shard's tally lacks a window of this one.</exception>
    public void Add(ShardReadinessCounts shard)
    {
        ArgumentNullException.ThrowIfNull(shard);
        tally.Add(shard.Tally);
        Customers += shard.Customers;
        Buyers += shard.Buyers;
        Keep(shard.Newer, shard.FirstNewerCustomerId);
    }

    public ShardReadinessCounts ToCounts() => new(Customers, Buyers, _newer, _firstNewer, tally.ToCounts());

    /// <summary>Refuses documents newer than the snapshot's time, as a reader of the snapshot's rows does.</summary>
    /// <exception cref="ModelTrainingException">A document counted holds events after the snapshot's time.</exception>
    public void EnsureAsOf()
    {
        if (_newer > 0)
        {
            var e = new FeaturesNewerThanAsOfException(_newer, _firstNewer!, snapshotAsOf);
            throw new ModelTrainingException($"The feature documents are not a snapshot as of {snapshotAsOf:O}: {e.Message}", e);
        }
    }

    /// <summary>The first row group with newer documents is the one a reader refuses the snapshot at.</summary>
    private void Keep(int newer, string? first)
    {
        if (newer > 0 && _newer == 0)
        {
            (_newer, _firstNewer) = (newer, first);
        }
    }
}
