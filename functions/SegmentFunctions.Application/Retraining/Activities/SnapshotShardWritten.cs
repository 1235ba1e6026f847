namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// A complete shard: its documents, those left out (an event after T), and the readiness counts of the documents
/// written (null when the shard was found complete, written by an earlier execution; an empty shard's are zeros
/// either way, which are its counts).
/// </summary>
public sealed record SnapshotShardWritten(int Shard, long RowCount, long ExcludedCount, ShardReadinessCounts? Readiness);
