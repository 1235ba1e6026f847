using Microsoft.DurableTask;
using SegmentFunctions.Application.BatchScoring;
using SegmentFunctions.Application.Registry;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// Scores one shard of the run's snapshot with the published model into that shard's part of <c>scores/{version}/</c>
/// (<see cref="BatchScorer.ScoreShardAsync"/>), at paths fixed by version and shard, so a re-executed activity writes
/// the same files. The serving side does not see a part until <see cref="MergeBatchScoresActivity"/> merges them.
/// </summary>
[DurableTask(RetrainActivityNames.BatchScoreShard)]
public sealed class BatchScoreShardActivity(ModelRegistry registry, BatchScorer scorer, ActivityCancellation cancellation)
    : RetrainActivity<BatchScoreShardInput, BatchScoreShardResult>(cancellation)
{
    protected override async Task<BatchScoreShardResult> ExecuteAsync(BatchScoreShardInput input, CancellationToken cancellationToken)
    {
        var bundle = await PublishedBundle.LoadAsync(registry, input.ModelVersion, cancellationToken);
        var part = await scorer.ScoreShardAsync(bundle, input.SnapshotId, input.Shard, null, cancellationToken);
        return new BatchScoreShardResult(part.Shard, part.RowCount, part.SkippedCount);
    }
}
