namespace SegmentFunctions.Domain.Features;

/// <summary>
/// Working view of <see cref="ProcessingState.RecentEventIds"/>: entries "{UTC timestamp, round-trip format} {key}"
/// kept in ordinal order, which is (timestamp, key) order because the timestamp part has a fixed width. The
/// <see cref="FeatureFoldSettings.RecentKeyCapacity"/> greatest entries are kept, so the kept set is the same
/// whatever order the events arrived in. A repeated event carries its timestamp, so a binary search finds it without
/// an index; only order keys, which match whatever the timestamp, get a (lazy) hash set.
/// </summary>
internal sealed class RecentEventKeys
{
    private const int StampLength = 28;

    private readonly List<string> entries;
    private readonly int capacity;
    private HashSet<string>? orderKeys;

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

    /// <summary>Whether the key was applied before.</summary>
    public bool Contains(string key, DateTimeOffset timestamp) => Find(key, Entry(key, timestamp)) >= 0;

    /// <summary>
    /// Records an applied key and returns true, or returns false when it was applied before. A key that ranks below a
    /// full set is not kept (it is beyond the horizon).
    /// </summary>
    public bool TryAdd(string key, DateTimeOffset timestamp)
    {
        var entry = Entry(key, timestamp);
        var index = Find(key, entry);
        if (index >= 0)
        {
            return false;
        }

        index = ~index;
        if (entries.Count >= capacity && index == 0)
        {
            return true;
        }

        entries.Insert(index, entry);
        if (IsOrderKey(key))
        {
            orderKeys?.Add(key);
        }

        if (entries.Count > capacity)
        {
            var evicted = KeyOf(entries[0]);
            entries.RemoveAt(0);
            if (IsOrderKey(evicted))
            {
                orderKeys?.Remove(evicted);
            }
        }

        return true;
    }

    /// <summary>Index of the entry, or the complement of its insertion point; order keys match under any timestamp.</summary>
    private int Find(string key, string entry)
    {
        var index = entries.BinarySearch(entry, StringComparer.Ordinal);
        return index < 0 && IsOrderKey(key) && OrderKeys().Contains(key) ? 0 : index;
    }

    private HashSet<string> OrderKeys()
    {
        if (orderKeys is null)
        {
            orderKeys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                if (entry.AsSpan(Math.Min(entry.Length, StampLength + 1)).StartsWith(DedupeKeys.OrderPrefix, StringComparison.Ordinal))
                {
                    orderKeys.Add(KeyOf(entry));
                }
            }
        }

        return orderKeys;
    }

    private static bool IsOrderKey(string key) => key.StartsWith(DedupeKeys.OrderPrefix, StringComparison.Ordinal);

    /// <summary>"yyyy-MM-ddTHH:mm:ss.fffffffZ {key}", the round-trip format written digit by digit: this runs per event.</summary>
    private static string Entry(string key, DateTimeOffset timestamp) =>
        string.Create(StampLength + 1 + key.Length, (timestamp.UtcDateTime, key), static (span, state) =>
        {
            var (utc, k) = state;
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
            k.AsSpan().CopyTo(span[(StampLength + 1)..]);
        });

    private static void Digits(Span<char> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }

    private static string KeyOf(string entry) => entry.Length > StampLength ? entry[(StampLength + 1)..] : entry;
}
