using SegmentFunctions.Application.Orchestration;
using SegmentFunctions.Application.Snapshots;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>The complete snapshot nearest T - H within the tolerance (the earlier on a tie); none means cold start.</summary>
public sealed class FindCutoffSnapshotActivity(SnapshotCatalog catalog) : IActivity<FindCutoffSnapshotInput, CutoffSnapshot>
{
    public async Task<CutoffSnapshot> RunAsync(FindCutoffSnapshotInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        var nearest = (await catalog.ListAsync(cancellationToken))
            .Where(s => !string.Equals(s.SnapshotId, input.ExcludeSnapshotId, StringComparison.Ordinal)
                && (s.AsOf - input.Cutoff).Duration() <= input.Tolerance)
            .OrderBy(s => (s.AsOf - input.Cutoff).Duration())
            .ThenBy(s => s.AsOf)
            .FirstOrDefault();
        return new CutoffSnapshot(nearest?.SnapshotId, nearest?.AsOf);
    }
}
