namespace SegmentFunctions.Storage.EventHubs;

/// <summary>The content of an ownership blob: who holds the partition (empty when it was relinquished).</summary>
internal sealed record OwnershipRecord(string OwnerIdentifier);
