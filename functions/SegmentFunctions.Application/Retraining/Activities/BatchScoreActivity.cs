using Microsoft.DurableTask;
using SegmentFunctions.Application.BatchScoring;
using SegmentFunctions.Application.Registry;
using SegmentFunctions.Domain.Scoring;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// Scores the run's snapshot with the published model into <c>scores/{version}/</c> with <see cref="BatchScorer"/>,
/// which overwrites a version it scored before, so a re-executed activity writes the same files.
/// </summary>
[DurableTask(RetrainActivityNames.BatchScore)]
public sealed class BatchScoreActivity(ModelRegistry registry, BatchScorer scorer, BatchScoreReader scores, ActivityCancellation cancellation)
    : RetrainActivity<BatchScoreInput, BatchScoreSummary>(cancellation)
{
    protected override async Task<BatchScoreSummary> ExecuteAsync(BatchScoreInput input, CancellationToken cancellationToken)
    {
        ModelBundle bundle;
        await using (var stream = await registry.OpenBundleAsync(input.ModelVersion, cancellationToken))
        {
            bundle = await ModelBundleSerializer.LoadAsync(stream, cancellationToken);
        }

        var manifest = await scorer.ScoreAsync(bundle, input.SnapshotId, input.PreviousVersion, null, cancellationToken);
        var flows = manifest.FlowsAgainst is null ? null : await scores.ReadFlowsAsync(manifest.Version, cancellationToken);
        return new BatchScoreSummary(
            manifest.Version, manifest.SnapshotId, manifest.RowCount, manifest.SkippedCount,
            [.. manifest.Segments.Select(s => new BatchScoreSegmentCount(s.SegmentId, s.SegmentName, s.Count))],
            manifest.FlowsAgainst, flows?.ShareChanged);
    }
}
