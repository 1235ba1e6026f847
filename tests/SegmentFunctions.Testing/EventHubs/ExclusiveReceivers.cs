using Amqp.Listener;

namespace SegmentFunctions.Testing.EventHubs;

/// <summary>
/// Owner levels (epochs) of the receivers on one partition and consumer group: a receiver with an owner level at least
/// that of the active one takes over and the older one is disconnected; one with a lower level is refused.
/// </summary>
internal sealed class ExclusiveReceivers
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string Group, string Partition), List<(long Level, ListenerLink Link)>> active = [];

    /// <summary>Registers <paramref name="link"/>; false when a receiver with a higher level holds the partition. Returns the displaced links.</summary>
    public bool TryTake(string group, string partition, long level, ListenerLink link, out IReadOnlyList<ListenerLink> displaced)
    {
        lock (gate)
        {
            var key = (group.ToUpperInvariant(), partition);
            if (!active.TryGetValue(key, out var holders))
            {
                holders = [];
                active.Add(key, holders);
            }

            if (holders.Any(h => h.Level > level))
            {
                displaced = [];
                return false;
            }

            displaced = [.. holders.Select(h => h.Link)];
            holders.Clear();
            holders.Add((level, link));
            return true;
        }
    }

    public void Release(string group, string partition, ListenerLink link)
    {
        lock (gate)
        {
            if (active.TryGetValue((group.ToUpperInvariant(), partition), out var holders))
            {
                holders.RemoveAll(h => ReferenceEquals(h.Link, link));
            }
        }
    }
}
