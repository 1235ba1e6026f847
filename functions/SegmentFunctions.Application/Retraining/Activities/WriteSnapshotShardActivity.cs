using Microsoft.DurableTask;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Domain.Readiness;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// Streams one range of the feature store into its shard of the snapshot; a shard already complete is returned as it
/// is, so a re-executed activity writes nothing. Documents with an event after the as-of time (live traffic during the
/// run) are left out and counted as excluded: a training table as of T refuses them, and they are in the next run's
/// snapshot. The documents written are counted for the readiness check as they go by (<see cref="ReadinessCounter"/>,
/// with documents as of T - H, whose windows serve either plan: the cut-off snapshot is looked for later), so that the
/// check need not read the snapshot again.
/// </summary>
[DurableTask(RetrainActivityNames.WriteSnapshotShard)]
public sealed class WriteSnapshotShardActivity(FeatureSnapshotWriter writer, ActivityCancellation cancellation)
    : RetrainActivity<WriteSnapshotShardInput, SnapshotShardWritten>(cancellation)
{
    protected override async Task<SnapshotShardWritten> ExecuteAsync(WriteSnapshotShardInput input, CancellationToken cancellationToken)
    {
        var plan = await writer.FindPlanAsync(input.SnapshotId, cancellationToken)
            ?? throw new InvalidOperationException($"Snapshot {input.SnapshotId} has no plan; PlanSnapshot writes it first.");
        var counter = new ReadinessCounter(plan.AsOf, DataReadinessCheck.Start(input.AsOf, input.ChurnHorizonDays, cutoffDocuments: true));
        var shard = await writer.WriteShardAsync(
            plan, input.Shard, d => !(d.LastSeenAt > input.AsOf), rowGroup => counter.Add(rowGroup, cancellationToken), cancellationToken);
        // A shard found complete was counted by nobody here (unless it is empty, whose counts are the zeros here).
        var counted = counter.Documents == shard.RowCount && plan.AsOf == input.AsOf;
        return new SnapshotShardWritten(shard.Index, shard.RowCount, shard.ExcludedCount, counted ? counter.ToCounts() : null);
    }
}
