using Microsoft.DurableTask;
using SegmentFunctions.Application.Snapshots;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>Writes the manifest of a snapshot whose shards are all written, which makes it visible; a complete snapshot is returned as it is.</summary>
[DurableTask(RetrainActivityNames.CompleteSnapshot)]
public sealed class CompleteSnapshotActivity(FeatureSnapshotWriter writer, ActivityCancellation cancellation)
    : RetrainActivity<TakeSnapshotInput, SnapshotTaken>(cancellation)
{
    protected override async Task<SnapshotTaken> ExecuteAsync(TakeSnapshotInput input, CancellationToken cancellationToken)
    {
        var plan = await writer.FindPlanAsync(input.SnapshotId, cancellationToken)
            ?? throw new InvalidOperationException($"Snapshot {input.SnapshotId} has no plan; PlanSnapshot writes it first.");
        return SnapshotTaken.Of(await writer.CompleteAsync(plan, cancellationToken));
    }
}
