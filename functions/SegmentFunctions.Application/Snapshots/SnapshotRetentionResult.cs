namespace SegmentFunctions.Application.Snapshots;

/// <summary>What a retention pass did: complete snapshots kept and deleted, and incomplete folders removed.</summary>
public sealed record SnapshotRetentionResult(
    IReadOnlyList<string> Kept,
    IReadOnlyList<string> Deleted,
    IReadOnlyList<string> DeletedIncomplete);
