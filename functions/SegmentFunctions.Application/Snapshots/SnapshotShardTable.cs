using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Application.Snapshots;

/// <summary>The rows of one shard of a snapshot (<see cref="SnapshotTables.GetShardAsync"/>), in snapshot order.</summary>
/// <param name="Documents">Documents in the shard: its rows and those not known at the snapshot's time.</param>
/// <param name="Features">The training rows of the shard's customers known at the snapshot's time.</param>
public sealed record SnapshotShardTable(int Shard, int Documents, TrainingTable Features);
