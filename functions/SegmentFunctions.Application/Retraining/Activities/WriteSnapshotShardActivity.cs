using Microsoft.DurableTask;
using SegmentFunctions.Application.Snapshots;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// Streams one range of the feature store into its shard of the snapshot; a shard already complete is returned as it
/// is, so a re-executed activity writes nothing. Documents with an event after the as-of time (live traffic during the
/// run) are left out and counted as excluded: a training table as of T refuses them, and they are in the next run's
/// snapshot.
/// </summary>
[DurableTask(RetrainActivityNames.WriteSnapshotShard)]
public sealed class WriteSnapshotShardActivity(FeatureSnapshotWriter writer, ActivityCancellation cancellation)
    : RetrainActivity<WriteSnapshotShardInput, SnapshotShardWritten>(cancellation)
{
    protected override async Task<SnapshotShardWritten> ExecuteAsync(WriteSnapshotShardInput input, CancellationToken cancellationToken)
    {
        var plan = await writer.FindPlanAsync(input.SnapshotId, cancellationToken)
            ?? throw new InvalidOperationException($"Snapshot {input.SnapshotId} has no plan; PlanSnapshot writes it first.");
        var shard = await writer.WriteShardAsync(plan, input.Shard, d => !(d.LastSeenAt > input.AsOf), cancellationToken);
        return new SnapshotShardWritten(shard.Index, shard.RowCount, shard.ExcludedCount);
    }
}
