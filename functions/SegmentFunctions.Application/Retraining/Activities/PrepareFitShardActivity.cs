using Microsoft.DurableTask;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Retraining.Parts;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Application.Training;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// The per-shard work of the fits, one activity per snapshot shard fanned out: reads that shard alone
/// (<see cref="SnapshotTables.GetShardAsync"/>) and writes its compressed BG/NBD and Gamma-Gamma data to
/// <c>parts/shards/{shard}/lifetime.bin</c> and its segmentation rows with their moments to
/// <c>parts/shards/{shard}/segmentation-rows.bin</c>, paths fixed by run and shard, so a re-executed activity writes
/// the same files. <see cref="FitLifetimeActivity"/> and <see cref="FitSegmentationActivity"/> combine the shards'
/// parts exactly and fit on them.
/// </summary>
[DurableTask(RetrainActivityNames.PrepareFitShard)]
public sealed class PrepareFitShardActivity(
    SnapshotTables tables,
    PartStore parts,
    RetrainRunFiles files,
    IOptions<RetrainingOptions> options,
    ActivityCancellation cancellation)
    : RetrainActivity<PrepareFitShardInput, FitShardPrepared>(cancellation)
{
    public const string LifetimeName = "lifetime.bin";
    public const string SegmentationName = "segmentation-rows.bin";

    protected override async Task<FitShardPrepared> ExecuteAsync(PrepareFitShardInput input, CancellationToken cancellationToken)
    {
        var settings = options.Value.EffectiveTraining();
        var table = await tables.GetShardAsync(input.SnapshotId, input.Shard, settings.TimeUnit, cancellationToken);
        var trainer = new ModelBundleTrainer(settings);
        var (lifetime, segmentation) = await Task.Run(
            () => (trainer.LifetimeDataOf(table.Features, table.Rows), trainer.SegmentationShardOf(table.Features, table.Rows)), cancellationToken);
        var lifetimeBlob = files.ShardPart(input.RunId, input.Shard, LifetimeName);
        var segmentationBlob = files.ShardPart(input.RunId, input.Shard, SegmentationName);
        await parts.WriteAsync(lifetimeBlob, lifetime, cancellationToken);
        await parts.WriteAsync(segmentationBlob, segmentation, cancellationToken);
        return new FitShardPrepared(
            input.Shard, table.Documents, table.RowCount, lifetime.Purchases.Customers, lifetime.Purchases.Observations.Count,
            lifetimeBlob, segmentationBlob);
    }
}
