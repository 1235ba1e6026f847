namespace SegmentFunctions.Testing.EventHubs;

/// <summary>One event as a producer sent it (a message, or one message of a batch envelope), before the hub stores it.</summary>
internal interface IProducedEvent
{
    /// <summary>The <c>x-opt-partition-key</c> message annotation, if the producer set one.</summary>
    string? PartitionKey { get; }

    ReadOnlyMemory<byte> Body { get; }

    /// <summary>The encoded message a receiver gets: the event with the service's annotations.</summary>
    byte[] Annotate(long sequenceNumber, long offset, DateTimeOffset enqueuedTime, string? partitionKey);
}
