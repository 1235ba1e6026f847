using System.Runtime.InteropServices;
using SegmentFunctions.Domain.Events;

namespace SegmentFunctions.Domain.Features;

/// <summary>
/// Working view of <see cref="ProcessingState.RecentEventIds"/>: entries "{UTC timestamp, round-trip format} {key}"
/// kept in ordinal order, which is (timestamp, key) order because the timestamp part has a fixed width. The
/// <see cref="FeatureFoldSettings.RecentKeyCapacity"/> greatest entries are kept, so the kept set is the same
/// whatever order the events arrived in. A repeated event carries its timestamp, so a binary search finds it without
/// an index; only order keys, which match whatever the timestamp, get a (lazy) hash set of order ids.
/// The search compares an entry with the parts (stamp, prefix, key) of the candidate in place: this runs per event,
/// and only an entry that is kept is built as a string.
/// </summary>
internal sealed class RecentEventKeys
{
    private const int StampLength = 28;
    private const int KeyOffset = StampLength + 1;

    private readonly List<string> entries;
    private readonly int capacity;
    private HashSet<string>? orderIds;

    /// <param name="entries">The document's list, in ordinal order as this class always leaves it.</param>
    public RecentEventKeys(List<string> entries, int capacity)
    {
        this.entries = entries;
        this.capacity = capacity;
        if (entries.Count > capacity)
        {
            entries.RemoveRange(0, entries.Count - capacity);
        }
    }

    /// <summary>Whether the event's dedupe key (see <see cref="DedupeKeys"/>) was applied before.</summary>
    public bool Contains(CustomerEvent e, DateTimeOffset timestamp)
    {
        Span<char> stamp = stackalloc char[KeyOffset];
        WriteStamp(stamp, timestamp.UtcDateTime);
        var key = Parts(e, out var prefix);
        return Find(stamp, prefix, key) >= 0;
    }

    /// <summary>
    /// Records the event's dedupe key and returns true, or returns false when it was applied before. A key that ranks
    /// below a full set is not kept (it is beyond the horizon).
    /// </summary>
    public bool TryAdd(CustomerEvent e, DateTimeOffset timestamp)
    {
        Span<char> stamp = stackalloc char[KeyOffset];
        WriteStamp(stamp, timestamp.UtcDateTime);
        var key = Parts(e, out var prefix);
        var index = Find(stamp, prefix, key);
        if (index >= 0)
        {
            return false;
        }

        index = ~index;
        if (entries.Count >= capacity && index == 0)
        {
            return true;
        }

        entries.Insert(index, string.Concat(stamp, prefix, key));
        if (!prefix.IsEmpty)
        {
            orderIds?.Add(key);
        }

        if (entries.Count > capacity)
        {
            var evicted = entries[0];
            entries.RemoveAt(0);
            if (orderIds is not null && IsOrderEntry(evicted))
            {
                orderIds.Remove(evicted[(KeyOffset + DedupeKeys.OrderPrefix.Length)..]);
            }
        }

        return true;
    }

    /// <summary>
    /// The key as prefix and value: an order key is "order:" + order id, without building that string. An event id that
    /// itself starts with the prefix is an order key too, as <see cref="DedupeKeys.For"/> makes it.
    /// </summary>
    private static string Parts(CustomerEvent e, out ReadOnlySpan<char> prefix)
    {
        if (e.Type == EventType.Purchase && e.OrderId is { } orderId)
        {
            prefix = DedupeKeys.OrderPrefix;
            return orderId;
        }

        if (e.Id.StartsWith(DedupeKeys.OrderPrefix, StringComparison.Ordinal))
        {
            prefix = DedupeKeys.OrderPrefix;
            return e.Id[DedupeKeys.OrderPrefix.Length..];
        }

        prefix = default;
        return e.Id;
    }

    /// <summary>Index of the entry, or the complement of its insertion point; order keys match under any timestamp.</summary>
    private int Find(ReadOnlySpan<char> stamp, ReadOnlySpan<char> prefix, string key)
    {
        var sorted = CollectionsMarshal.AsSpan(entries);
        int lo = 0, hi = sorted.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var cmp = CompareWithParts(sorted[mid], stamp, prefix, key);
            if (cmp == 0)
            {
                return mid;
            }

            if (cmp < 0) lo = mid + 1;
            else hi = mid - 1;
        }

        return !prefix.IsEmpty && OrderIds().Contains(key) ? 0 : ~lo;
    }

    /// <summary>Ordinal comparison of <paramref name="entry"/> with the concatenation a + b + c.</summary>
    private static int CompareWithParts(ReadOnlySpan<char> entry, ReadOnlySpan<char> a, ReadOnlySpan<char> b, ReadOnlySpan<char> c)
    {
        var cmp = CompareWithPart(ref entry, a);
        if (cmp == 0)
        {
            cmp = CompareWithPart(ref entry, b);
        }

        if (cmp == 0)
        {
            cmp = CompareWithPart(ref entry, c);
        }

        return cmp != 0 ? cmp : entry.IsEmpty ? 0 : 1;
    }

    /// <summary>Compares the start of the entry with one part and advances past it when equal so far; 0 means "equal so far".</summary>
    private static int CompareWithPart(ref ReadOnlySpan<char> entry, ReadOnlySpan<char> part)
    {
        var n = Math.Min(entry.Length, part.Length);
        var cmp = entry[..n].SequenceCompareTo(part[..n]);
        if (cmp != 0)
        {
            return cmp;
        }

        if (entry.Length < part.Length)
        {
            return -1;
        }

        entry = entry[part.Length..];
        return 0;
    }

    private HashSet<string> OrderIds()
    {
        if (orderIds is null)
        {
            orderIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                if (IsOrderEntry(entry))
                {
                    orderIds.Add(entry[(KeyOffset + DedupeKeys.OrderPrefix.Length)..]);
                }
            }
        }

        return orderIds;
    }

    private static bool IsOrderEntry(string entry) =>
        entry.AsSpan(Math.Min(entry.Length, KeyOffset)).StartsWith(DedupeKeys.OrderPrefix, StringComparison.Ordinal);

    /// <summary>"yyyy-MM-ddTHH:mm:ss.fffffffZ " (the round-trip format and the separator), written digit by digit.</summary>
    private static void WriteStamp(Span<char> span, DateTime utc)
    {
        Digits(span[..4], utc.Year);
        span[4] = '-';
        Digits(span.Slice(5, 2), utc.Month);
        span[7] = '-';
        Digits(span.Slice(8, 2), utc.Day);
        span[10] = 'T';
        Digits(span.Slice(11, 2), utc.Hour);
        span[13] = ':';
        Digits(span.Slice(14, 2), utc.Minute);
        span[16] = ':';
        Digits(span.Slice(17, 2), utc.Second);
        span[19] = '.';
        Digits(span.Slice(20, 7), (int)(utc.Ticks % TimeSpan.TicksPerSecond));
        span[27] = 'Z';
        span[28] = ' ';
    }

    private static void Digits(Span<char> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }
}
