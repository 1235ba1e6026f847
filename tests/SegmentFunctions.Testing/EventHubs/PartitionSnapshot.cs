namespace SegmentFunctions.Testing.EventHubs;

/// <summary>The runtime properties of a partition, as the <c>$management</c> node reports them.</summary>
internal sealed record PartitionSnapshot(string Id, long BeginSequenceNumber, long LastSequenceNumber, string LastOffset, DateTimeOffset LastEnqueuedTime, bool IsEmpty);
