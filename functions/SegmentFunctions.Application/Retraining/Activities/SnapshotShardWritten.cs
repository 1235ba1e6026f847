namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>A complete shard: its documents and those left out (an event after T).</summary>
public sealed record SnapshotShardWritten(int Shard, long RowCount, long ExcludedCount);
