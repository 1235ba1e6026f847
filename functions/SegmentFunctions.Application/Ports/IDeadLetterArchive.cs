namespace SegmentFunctions.Application.Ports;

/// <summary>A dead-letter sink whose letters can be read back (for inspection and re-drive).</summary>
public interface IDeadLetterArchive : IDeadLetterSink
{
    /// <summary>Every stored letter, in name order (partition, then position), one stored object in memory at a time.</summary>
    IAsyncEnumerable<DeadLetter> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Deletes every letter of the customer (erasure): those whose <see cref="DeadLetter.CustomerId"/> is the id, and
    /// those whose raw body holds the id as a JSON string. Returns how many letters were deleted.
    /// </summary>
    Task<int> DeleteCustomerAsync(string customerId, CancellationToken cancellationToken);
}
