namespace SegmentFunctions.Cli.Send;

/// <summary>What a send did so far; updated by the concurrent senders.</summary>
internal sealed class SendTotals
{
    private long events;
    private long batches;
    private long bytes;
    private long skipped;

    /// <summary>Events the hub acknowledged.</summary>
    public long Events => Interlocked.Read(ref events);
    public long Batches => Interlocked.Read(ref batches);

    /// <summary>Size of the sent batches as the client measures them (AMQP encoding included).</summary>
    public long Bytes => Interlocked.Read(ref bytes);
    public long Skipped => Interlocked.Read(ref skipped);

    public void AddBatch(int eventCount, long sizeInBytes)
    {
        Interlocked.Add(ref events, eventCount);
        Interlocked.Increment(ref batches);
        Interlocked.Add(ref bytes, sizeInBytes);
    }

    public void AddSkipped() => Interlocked.Increment(ref skipped);
}
