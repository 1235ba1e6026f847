using Microsoft.DurableTask;
using SegmentFunctions.Application.Snapshots;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// The complete snapshot nearest T - H within the tolerance (the earlier on a tie); none means cold start. The run's
/// own snapshot at T is H away, beyond any valid tolerance (shorter than H), so it is never chosen.
/// </summary>
[DurableTask(RetrainActivityNames.FindCutoffSnapshot)]
public sealed class FindCutoffSnapshotActivity(SnapshotCatalog catalog, ActivityCancellation cancellation) : RetrainActivity<FindCutoffSnapshotInput, CutoffSnapshot>(cancellation)
{
    protected override async Task<CutoffSnapshot> ExecuteAsync(FindCutoffSnapshotInput input, CancellationToken cancellationToken)
    {
        var nearest = await catalog.FindNearestAsync(input.Cutoff, input.Tolerance, cancellationToken);
        return new CutoffSnapshot(nearest?.SnapshotId, nearest?.AsOf);
    }
}
