using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Application.Snapshots;

/// <summary>
/// The rows of one shard of a snapshot (<see cref="SnapshotTables.GetShardAsync"/>): <see cref="Rows"/> of
/// <see cref="Features"/>, which is the shard's own table or, when the process holds the snapshot's table, that
/// table itself (its rows are in snapshot order, so a shard's are consecutive and nothing is copied).
/// </summary>
/// <param name="Documents">Documents in the shard: its rows and those not known at the snapshot's time.</param>
public sealed record SnapshotShardTable(int Shard, int Documents, TrainingTable Features, Range Rows)
{
    /// <summary>The shard's customers known at the snapshot's time.</summary>
    public int RowCount => Rows.GetOffsetAndLength(Features.RowCount).Length;
}
