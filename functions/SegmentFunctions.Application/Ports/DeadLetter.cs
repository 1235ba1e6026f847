namespace SegmentFunctions.Application.Ports;

/// <summary>
/// A rejected event: the raw body as received, why it was rejected, and where it came from.
/// <paramref name="CustomerId"/> is the customer the event names when it could be read, so erasure finds its letters.
/// </summary>
public sealed record DeadLetter(
    string Reason,
    string RawBody,
    string Source,
    string? PartitionId,
    long? SequenceNumber,
    DateTimeOffset? EnqueuedTimeUtc,
    DateTimeOffset DeadLetteredAt,
    string? CustomerId = null);
