namespace SegmentFunctions.Application.Snapshots;

/// <summary>What to snapshot: the id (see <see cref="SnapshotLayout.NewSnapshotId"/>), the run's as-of time and the
/// kind of feature store read (e.g. "cosmos", "sqlite"), recorded in the manifest.</summary>
public sealed record SnapshotRequest(string SnapshotId, DateTimeOffset AsOf, string Source);
