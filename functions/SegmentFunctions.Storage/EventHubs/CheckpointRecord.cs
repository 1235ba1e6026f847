namespace SegmentFunctions.Storage.EventHubs;

/// <summary>The content of a checkpoint blob: the last event processed (its offset when known, and its sequence number).</summary>
internal sealed record CheckpointRecord(string? Offset, long SequenceNumber, string? ClientIdentifier);
