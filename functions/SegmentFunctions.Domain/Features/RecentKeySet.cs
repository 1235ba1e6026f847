using System.Text.Json.Serialization;
using SegmentFunctions.Domain.Serialization;

namespace SegmentFunctions.Domain.Features;

/// <summary>
/// The dedupe keys of recently applied events (<see cref="ProcessingState.RecentKeys"/>), kept in ascending
/// <see cref="RecentKey"/> order. The set keeps the keys whose event time lies within a horizon of the newest kept key
/// (a window in event time, not a count), capped by a number of keys as a guard on document size; which keys are
/// kept depends only on the set of keys added, never on their arrival order. A repeated event carries its timestamp,
/// so a binary search finds it; an order key matches whatever the timestamp, so it is also looked for by hash.
/// </summary>
/// <remarks>
/// Stored as one base64 string of 16 bytes per key (see <see cref="RecentKeySetJsonConverter"/>): 1,000 keys carry
/// about 21 KB of it, decoded into one array rather than a string per key.
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
    /// Records the key unless it was applied before or lies beyond the horizon: more than <paramref name="horizon"/>
    /// older than the newest key, or below all of <paramref name="capacity"/> kept keys. Adding a newer key drops the
    /// keys that fall out of the horizon.
    /// </summary>
    public RecentKeyAddition TryAdd(RecentKey key, TimeSpan horizon, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Trim(horizon, capacity);
        var index = Find(key);
        if (index >= 0)
        {
            return RecentKeyAddition.Present;
        }

        index = ~index;
        if ((count > 0 && key.UtcTicks < Cutoff(keys[count - 1].UtcTicks, horizon)) || (count == capacity && index == 0))
        {
            return RecentKeyAddition.BeyondHorizon;
        }

        if (count == keys.Length)
        {
            Array.Resize(ref keys, Math.Min(Math.Max(4, count * 2), Math.Max(capacity, count + 1)));
        }

        Array.Copy(keys, index, keys, index + 1, count - index);
        keys[index] = key;
        count++;
        Trim(horizon, capacity);
        return RecentKeyAddition.Added;
    }

    /// <summary>Drops the keys more than <paramref name="horizon"/> older than the newest, and the least beyond <paramref name="capacity"/>.</summary>
    public void Trim(TimeSpan horizon, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        if (count == 0)
        {
            return;
        }

        var cutoff = Cutoff(keys[count - 1].UtcTicks, horizon);
        var found = Keys.BinarySearch(new RecentKey(cutoff, 0));
        var firstInside = found >= 0 ? found : ~found;
        var drop = Math.Max(firstInside, count - capacity);
        if (drop > 0)
        {
            Array.Copy(keys, drop, keys, 0, count - drop);
            count -= drop;
        }
    }

    /// <summary>The least event time within the horizon of <paramref name="newestTicks"/>.</summary>
    private static long Cutoff(long newestTicks, TimeSpan horizon) =>
        horizon.Ticks >= newestTicks ? long.MinValue : newestTicks - horizon.Ticks;

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
