namespace SegmentFunctions.Testing.EventHubs;

/// <summary>
/// One partition's log: sequence numbers from 0, offsets as the running byte count of the bodies before the event
/// (like the service, offsets are increasing but not contiguous with sequence numbers). Receivers are signalled when
/// events are appended.
/// </summary>
internal sealed class DoublePartition(string id, DateTimeOffset createdAt)
{
    private readonly Lock gate = new();
    private readonly List<StoredEvent> events = [];
    private readonly List<Action> listeners = [];
    private long nextOffset;

    public string Id { get; } = id;

    public StoredEvent Append(string? partitionKey, ReadOnlyMemory<byte> body, DateTimeOffset enqueuedTime, Func<long, long, byte[]> encode)
    {
        StoredEvent stored;
        Action[] toSignal;
        lock (gate)
        {
            var sequenceNumber = events.Count;
            stored = new StoredEvent(Id, sequenceNumber, nextOffset, enqueuedTime, partitionKey, body, encode(sequenceNumber, nextOffset));
            nextOffset += Math.Max(1, body.Length);
            events.Add(stored);
            toSignal = [.. listeners];
        }

        foreach (var signal in toSignal)
        {
            signal();
        }

        return stored;
    }

    public IReadOnlyList<StoredEvent> Snapshot()
    {
        lock (gate)
        {
            return [.. events];
        }
    }

    /// <summary>Up to <paramref name="max"/> events from sequence number <paramref name="from"/> on.</summary>
    public IReadOnlyList<StoredEvent> Read(long from, int max)
    {
        lock (gate)
        {
            if (from >= events.Count || max <= 0)
            {
                return [];
            }

            return events.GetRange((int)from, (int)Math.Min(max, events.Count - from));
        }
    }

    public long Count
    {
        get
        {
            lock (gate)
            {
                return events.Count;
            }
        }
    }

    /// <summary>The sequence number of the first event whose offset satisfies the comparison (the count if none does).</summary>
    public long FirstAfterOffset(long offset, bool inclusive) => FirstWhere(e => inclusive ? e.Offset >= offset : e.Offset > offset);

    public long FirstAfterEnqueuedTime(DateTimeOffset time, bool inclusive) => FirstWhere(e => inclusive ? e.EnqueuedTime >= time : e.EnqueuedTime > time);

    public IDisposable Subscribe(Action onAppended)
    {
        lock (gate)
        {
            listeners.Add(onAppended);
        }

        return new Subscription(this, onAppended);
    }

    public PartitionSnapshot Properties()
    {
        lock (gate)
        {
            return events.Count == 0
                ? new PartitionSnapshot(Id, 0, -1, "-1", createdAt, true)
                : new PartitionSnapshot(Id, 0, events[^1].SequenceNumber, events[^1].Offset.ToString(System.Globalization.CultureInfo.InvariantCulture), events[^1].EnqueuedTime, false);
        }
    }

    private long FirstWhere(Func<StoredEvent, bool> predicate)
    {
        lock (gate)
        {
            var index = events.FindIndex(e => predicate(e));
            return index < 0 ? events.Count : index;
        }
    }

    private void Unsubscribe(Action onAppended)
    {
        lock (gate)
        {
            listeners.Remove(onAppended);
        }
    }

    private sealed class Subscription(DoublePartition partition, Action onAppended) : IDisposable
    {
        public void Dispose() => partition.Unsubscribe(onAppended);
    }
}
