namespace SegmentFunctions.Testing.EventHubs;

/// <summary>An event as the double keeps it: its position, and the AMQP message (with the system annotations) as encoded bytes.</summary>
public sealed record StoredEvent(string PartitionId, long SequenceNumber, long Offset, DateTimeOffset EnqueuedTime, string? PartitionKey, ReadOnlyMemory<byte> Body, byte[] EncodedMessage);
