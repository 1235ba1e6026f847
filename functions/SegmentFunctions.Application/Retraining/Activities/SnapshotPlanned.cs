namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>The snapshot's shard count, and, when it was complete already, the snapshot (nothing is left to write).</summary>
public sealed record SnapshotPlanned(string SnapshotId, int Shards, SnapshotTaken? Complete);
