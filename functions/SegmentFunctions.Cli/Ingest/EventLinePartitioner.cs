using SegmentFunctions.Application.Ingestion;

namespace SegmentFunctions.Cli.Ingest;

/// <summary>
/// Plays the part of Event Hubs for lines of a file: all events of a customer go to one partition (by a stable hash
/// of the customer id), and each partition numbers its events with increasing sequence numbers. A line without a
/// readable customer id is routed by its own text and left for the featurizer to dead-letter.
/// </summary>
internal sealed class EventLinePartitioner
{
    private readonly long[] _nextSequenceNumber;
    private readonly DateTimeOffset _enqueuedTimeUtc;

    public EventLinePartitioner(int partitionCount, long firstSequenceNumber, DateTimeOffset enqueuedTimeUtc)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(firstSequenceNumber);
        _nextSequenceNumber = Enumerable.Repeat(firstSequenceNumber, partitionCount).ToArray();
        _enqueuedTimeUtc = enqueuedTimeUtc;
    }

    public int PartitionCount => _nextSequenceNumber.Length;

    /// <summary>The partition of <paramref name="line"/> and its event with the partition's next sequence number.</summary>
    public (int Partition, RawEvent Event) Assign(string line)
    {
        var partition = StablePartitioner.Partition(CustomerIdReader.TryRead(line) ?? line, PartitionCount);
        var sequenceNumber = _nextSequenceNumber[partition]++;
        return (partition, new RawEvent(line, sequenceNumber, _enqueuedTimeUtc));
    }
}
