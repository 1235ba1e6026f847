using Microsoft.DurableTask;
using SegmentFunctions.Application.BatchScoring;
using SegmentFunctions.Application.Registry;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// Merges the parts the <see cref="BatchScoreShardActivity"/> calls wrote into <c>scores/{version}/</c> with
/// <see cref="BatchScorer.MergeAsync"/>: the files the serving side reads, flows against the previous version, the
/// manifest last. Delivered again after it completed, it returns the same summary.
/// </summary>
[DurableTask(RetrainActivityNames.MergeBatchScores)]
public sealed class MergeBatchScoresActivity(ModelRegistry registry, BatchScorer scorer, BatchScoreReader scores, ActivityCancellation cancellation)
    : RetrainActivity<BatchScoreInput, BatchScoreSummary>(cancellation)
{
    protected override async Task<BatchScoreSummary> ExecuteAsync(BatchScoreInput input, CancellationToken cancellationToken)
    {
        var bundle = await PublishedBundle.LoadAsync(registry, input.ModelVersion, cancellationToken);
        var manifest = await scorer.MergeAsync(bundle, input.SnapshotId, input.PreviousVersion, null, cancellationToken);
        var flows = manifest.FlowsAgainst is null ? null : await scores.ReadFlowsAsync(manifest.Version, cancellationToken);
        return new BatchScoreSummary(
            manifest.Version, manifest.SnapshotId, manifest.RowCount, manifest.SkippedCount,
            [.. manifest.Segments.Select(s => new BatchScoreSegmentCount(s.SegmentId, s.SegmentName, s.Count))],
            manifest.FlowsAgainst, flows?.ShareChanged);
    }
}
