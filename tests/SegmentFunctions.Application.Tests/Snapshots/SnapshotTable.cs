using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Application.Tests.Snapshots;

/// <summary>
/// A whole snapshot as columns (<see cref="SnapshotTableBuilder"/>): the <see cref="Features"/> of the customers known
/// at the snapshot's time and, per row, the times and purchase days (with amounts). The retraining steps stream a
/// snapshot a row group at a time and never hold it like this; tests compare what they compute with the same
/// quantities read off the whole table.
/// </summary>
public sealed class SnapshotTable
{
    private readonly long[] _firstSeen;
    private readonly long[] _lastSeen;
    private readonly long[] _firstPurchase;
    private readonly int[] _dayStart;
    private readonly int[] _days;
    private readonly double[] _amounts;
    private readonly IReadOnlyList<(DateTimeOffset? FirstSeen, DateTimeOffset? LastSeen)> _notKnown;

    /// <summary>A time the document does not have (null in the document).</summary>
    internal const long Missing = long.MinValue;

    internal SnapshotTable(
        SnapshotManifest manifest,
        LifetimeTimeUnit timeUnit,
        TrainingTable features,
        int[] schemaVersions,
        long[] firstSeen,
        long[] lastSeen,
        long[] firstPurchase,
        int[] dayStart,
        int[] days,
        double[] amounts,
        IReadOnlyList<(DateTimeOffset? FirstSeen, DateTimeOffset? LastSeen)> notKnown)
    {
        SnapshotId = manifest.SnapshotId;
        ContentSha256 = manifest.ContentSha256;
        AsOf = manifest.AsOf;
        TimeUnit = timeUnit;
        Features = features;
        SchemaVersions = schemaVersions;
        _firstSeen = firstSeen;
        _lastSeen = lastSeen;
        _firstPurchase = firstPurchase;
        _dayStart = dayStart;
        _days = days;
        _amounts = amounts;
        _notKnown = notKnown;
    }

    public string SnapshotId { get; }

    /// <summary>SHA-256 of the snapshot's content the table was built from.</summary>
    public string ContentSha256 { get; }

    public DateTimeOffset AsOf { get; }

    public LifetimeTimeUnit TimeUnit { get; }

    /// <summary>Rows of the customers known at <see cref="AsOf"/>, every column kept, in snapshot order.</summary>
    public TrainingTable Features { get; }

    /// <summary>The feature schema version of each row's document.</summary>
    public IReadOnlyList<int> SchemaVersions { get; }

    /// <summary>Documents in the snapshot: the rows and those not known at <see cref="AsOf"/>.</summary>
    public int Documents => Features.RowCount + _notKnown.Count;

    /// <summary>Documents of customers first seen at or after <see cref="AsOf"/> (or never), which have no row.</summary>
    public int NotKnown => _notKnown.Count;

    /// <summary>Rows whose customer had bought by <see cref="AsOf"/> (first purchase at or before it).</summary>
    public int Buyers()
    {
        var asOf = AsOf.UtcTicks;
        var buyers = 0;
        foreach (var ticks in _firstPurchase)
        {
            buyers += ticks != Missing && ticks <= asOf ? 1 : 0;
        }

        return buyers;
    }

    /// <summary>Whether row <paramref name="row"/>'s customer has a purchase day in (from, to] (<see cref="AsOfDays.IsInWindow"/>).</summary>
    public bool BoughtInWindow(int row, DateTimeOffset from, DateTimeOffset to)
    {
        for (var k = _dayStart[row]; k < _dayStart[row + 1]; k++)
        {
            if (AsOfDays.IsInWindow(DateOnly.FromDayNumber(_days[k]), from, to))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Every document reduced to its customer id, first and last seen, first purchase and purchase days with their
    /// amounts (orders per day left at 0), for the domain's readiness check, churn labeller and the rolling origin's
    /// purchase-history columns (spend included), which read nothing else. One object per document, created as enumerated.
    /// </summary>
    public IEnumerable<CustomerFeatures> Timelines()
    {
        for (var i = 0; i < Features.RowCount; i++)
        {
            var days = new List<PurchaseDay>(_dayStart[i + 1] - _dayStart[i]);
            for (var k = _dayStart[i]; k < _dayStart[i + 1]; k++)
            {
                days.Add(new PurchaseDay(DateOnly.FromDayNumber(_days[k]), (decimal)_amounts[k], 0));
            }

            yield return new CustomerFeatures
            {
                CustomerId = Features.CustomerIds[i],
                SchemaVersion = SchemaVersions[i],
                FirstSeenAt = Time(_firstSeen[i]),
                LastSeenAt = Time(_lastSeen[i]),
                FirstPurchaseAt = Time(_firstPurchase[i]),
                PurchaseDays = days,
            };
        }

        foreach (var (firstSeen, lastSeen) in _notKnown)
        {
            yield return new CustomerFeatures { CustomerId = string.Empty, FirstSeenAt = firstSeen, LastSeenAt = lastSeen };
        }
    }

    internal static long Ticks(DateTimeOffset? time) => time is { } t ? t.UtcTicks : Missing;

    private static DateTimeOffset? Time(long ticks) => ticks == Missing ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
}
