using System.Globalization;

namespace SegmentFunctions.Domain.Features;

/// <summary>
/// Working view of <see cref="ProcessingState.RecentEventIds"/>: entries "{UTC timestamp, round-trip format} {key}"
/// kept in ordinal order, which is (timestamp, key) order because the timestamp part has a fixed width. The
/// <see cref="FeatureFoldSettings.RecentKeyCapacity"/> greatest entries are kept, so the kept set is the same
/// whatever order the events arrived in.
/// </summary>
internal sealed class RecentEventKeys
{
    private const int StampLength = 28;

    private readonly List<string> entries;
    private readonly HashSet<string> keys;
    private readonly int capacity;

    public RecentEventKeys(List<string> entries, int capacity)
    {
        this.entries = entries;
        this.capacity = capacity;
        entries.Sort(StringComparer.Ordinal);
        if (entries.Count > capacity)
        {
            entries.RemoveRange(0, entries.Count - capacity);
        }

        keys = new HashSet<string>(entries.Count + 16, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            keys.Add(KeyOf(entry));
        }
    }

    public bool Contains(string key) => keys.Contains(key);

    /// <summary>Records an applied key; one that ranks below a full set is not kept (it is beyond the horizon).</summary>
    public void Add(string key, DateTimeOffset timestamp)
    {
        var entry = string.Concat(timestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), " ", key);
        var index = entries.BinarySearch(entry, StringComparer.Ordinal);
        if (index >= 0)
        {
            return;
        }

        index = ~index;
        if (entries.Count >= capacity && index == 0)
        {
            return;
        }

        entries.Insert(index, entry);
        keys.Add(key);
        if (entries.Count > capacity)
        {
            keys.Remove(KeyOf(entries[0]));
            entries.RemoveAt(0);
        }
    }

    private static string KeyOf(string entry) => entry.Length > StampLength ? entry[(StampLength + 1)..] : entry;
}
