using System.Text.Json.Serialization;
using SegmentFunctions.Domain.Serialization;

namespace SegmentFunctions.Domain.Features;

/// <summary>
/// The dedupe keys of recently applied events (<see cref="ProcessingState.RecentKeys"/>), kept in ascending
/// <see cref="RecentKey"/> order. Bounded by the caller's capacity to the greatest keys, so the kept set is the same
/// whatever order the events arrived in. A repeated event carries its timestamp, so a binary search finds it; an order
/// key matches whatever the timestamp, so it is also looked for by hash among the kept keys.
/// </summary>
/// <remarks>
/// Stored as one base64 string of 16 bytes per key (see <see cref="RecentKeySetJsonConverter"/>): a document with a
/// full set of 1,000 keys carries about 21 KB of it, decoded into one array rather than a string per key.
/// </remarks>
[JsonConverter(typeof(RecentKeySetJsonConverter))]
public sealed class RecentKeySet
{
    private RecentKey[] keys;
    private int count;

    public RecentKeySet()
    {
        keys = [];
    }

    /// <param name="sorted">Keys in strictly ascending order; the set keeps a copy.</param>
    /// <exception cref="ArgumentException">The keys are not in strictly ascending order.</exception>
    public RecentKeySet(RecentKey[] sorted)
        : this(sorted is null ? throw new ArgumentNullException(nameof(sorted)) : (RecentKey[])sorted.Clone(), sorted.Length)
    {
    }

    /// <summary>The first <paramref name="count"/> keys of <paramref name="buffer"/>; the rest is room to add keys.</summary>
    /// <exception cref="ArgumentException">The keys are not in strictly ascending order.</exception>
    internal RecentKeySet(RecentKey[] buffer, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, buffer.Length);
        for (var i = 1; i < count; i++)
        {
            if (buffer[i - 1].CompareTo(buffer[i]) >= 0)
            {
                throw new ArgumentException($"Recent dedupe keys must be in strictly ascending (timestamp, hash) order; key {i} is not.", nameof(buffer));
            }
        }

        keys = buffer;
        this.count = count;
    }

    public int Count => count;

    /// <summary>The keys in ascending order.</summary>
    public ReadOnlySpan<RecentKey> Keys => keys.AsSpan(0, count);

    /// <summary>Whether the key was applied before: the same (timestamp, hash), or for an order the same hash.</summary>
    public bool Contains(RecentKey key) => Find(key) >= 0;

    /// <summary>
    /// Records the key and returns true, or returns false when it was applied before. With <paramref name="capacity"/>
    /// keys kept, a key below all of them is not kept (it is beyond the horizon), and otherwise the least key makes room.
    /// </summary>
    public bool TryAdd(RecentKey key, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        TrimTo(capacity);
        var index = Find(key);
        if (index >= 0)
        {
            return false;
        }

        index = ~index;
        if (count == capacity)
        {
            if (index == 0)
            {
                return true;
            }

            // The least key leaves: the keys below the insertion point move down one place.
            Array.Copy(keys, 1, keys, 0, index - 1);
            keys[index - 1] = key;
            return true;
        }

        if (count == keys.Length)
        {
            Array.Resize(ref keys, Math.Min(Math.Max(4, count * 2), Math.Max(capacity, count + 1)));
        }

        Array.Copy(keys, index, keys, index + 1, count - index);
        keys[index] = key;
        count++;
        return true;
    }

    /// <summary>Drops the least keys beyond <paramref name="capacity"/>.</summary>
    public void TrimTo(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        if (count > capacity)
        {
            Array.Copy(keys, count - capacity, keys, 0, capacity);
            count = capacity;
        }
    }

    /// <summary>Index of the key, or the complement of its insertion point.</summary>
    private int Find(RecentKey key)
    {
        var index = Keys.BinarySearch(key);
        if (index >= 0 || !key.IsOrder)
        {
            return index;
        }

        foreach (var kept in Keys)
        {
            if (kept.KeyHash == key.KeyHash)
            {
                return 0;
            }
        }

        return index;
    }
}
