using SegmentFunctions.Domain.Events;

namespace SegmentFunctions.Domain.Features;

/// <summary>
/// The dedupe key of one applied event as kept in <see cref="RecentKeySet"/>: the event's UTC timestamp in ticks and the
/// 64-bit hash of its <see cref="DedupeKeys"/> identity (see <see cref="DedupeKeys.Hash"/>). Ordered by (ticks, hash),
/// a total order on events that does not depend on when they arrived.
/// </summary>
public readonly record struct RecentKey(long UtcTicks, ulong KeyHash) : IComparable<RecentKey>
{
    /// <summary>Whether the key is an order ("order:" + order id), which matches under any timestamp.</summary>
    public bool IsOrder => (KeyHash & DedupeKeys.OrderFlag) != 0;

    public static RecentKey Of(CustomerEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new RecentKey(e.Timestamp.UtcTicks, DedupeKeys.Hash(e));
    }

    public int CompareTo(RecentKey other)
    {
        var cmp = UtcTicks.CompareTo(other.UtcTicks);
        return cmp != 0 ? cmp : KeyHash.CompareTo(other.KeyHash);
    }
}
