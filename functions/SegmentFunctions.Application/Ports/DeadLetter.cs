namespace SegmentFunctions.Application.Ports;

/// <summary>
/// A rejected event: the raw body as received, why it was rejected, and where it came from.
/// <paramref name="CustomerId"/> is the customer the event names when it could be read, so erasure finds its letters.
/// <paramref name="RawBodyUtf8"/> holds the body's bytes exactly when they arrived as bytes that are not valid UTF-8;
/// <paramref name="RawBody"/> is then their text with U+FFFD for each invalid sequence, which loses them.
/// </summary>
public sealed record DeadLetter(
    string Reason,
    string RawBody,
    string Source,
    string? PartitionId,
    long? SequenceNumber,
    DateTimeOffset? EnqueuedTimeUtc,
    DateTimeOffset DeadLetteredAt,
    string? CustomerId = null,
    byte[]? RawBodyUtf8 = null);
