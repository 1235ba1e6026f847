using SegmentFunctions.Application.Ingestion;

namespace SegmentFunctions.Cli.Ingest;

/// <summary>
/// Spreads the lines of a file over lanes: all events of a customer go to one lane (by a stable hash of the customer
/// id), so each customer's events stay in file order. Every event's sequence number is its line number in the file, a
/// position that is the same in every run over the same file. A line without a readable customer id is routed by its
/// own text and left for the featurizer to dead-letter.
/// </summary>
internal sealed class EventLinePartitioner
{
    private readonly DateTimeOffset _enqueuedTimeUtc;

    public EventLinePartitioner(int partitionCount, DateTimeOffset enqueuedTimeUtc)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        PartitionCount = partitionCount;
        _enqueuedTimeUtc = enqueuedTimeUtc;
    }

    public int PartitionCount { get; }

    /// <summary>The lane of <paramref name="line"/> and its event, numbered by <paramref name="lineNumber"/>.</summary>
    public (int Partition, RawEvent Event) Assign(string line, long lineNumber)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lineNumber);
        var partition = StablePartitioner.Partition(CustomerIdReader.TryRead(line) ?? line, PartitionCount);
        return (partition, new RawEvent(line, lineNumber, _enqueuedTimeUtc));
    }
}
