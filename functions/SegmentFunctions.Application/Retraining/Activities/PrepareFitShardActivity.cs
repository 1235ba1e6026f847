using Microsoft.DurableTask;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Retraining.Parts;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Application.Training;
using SegmentFunctions.Domain.Models;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// The per-shard work of the fits, one activity per snapshot shard fanned out: streams that shard alone, a row group at
/// a time, its stored training rows when it has them (<see cref="FeatureSnapshotReader.ReadShardRowGroupsAsync(string, int, LifetimeTimeUnit?, CancellationToken)"/>,
/// <see cref="SnapshotRowFeaturizer"/>), and writes
/// its compressed BG/NBD and Gamma-Gamma data to <c>parts/shards/{shard}/lifetime.bin</c>, its segmentation rows with
/// their moments to <c>parts/shards/{shard}/segmentation-rows.bin</c> and its customers' feature rows (every column,
/// for the segments' profiles) to <c>parts/shards/{shard}/feature-rows.bin</c>, paths fixed by run and shard, so a
/// re-executed activity writes the same files. Memory is the shard's segmentation rows and distinct lifetime
/// histories plus one row group; the feature rows go to a local file as they are read.
/// <see cref="FitLifetimeActivity"/> and <see cref="FitSegmentationActivity"/> combine the shards' parts exactly and fit on them.
/// </summary>
[DurableTask(RetrainActivityNames.PrepareFitShard)]
public sealed class PrepareFitShardActivity(
    FeatureSnapshotReader snapshots,
    PartStore parts,
    RetrainRunFiles files,
    IOptions<RetrainingOptions> options,
    ActivityCancellation cancellation)
    : RetrainActivity<PrepareFitShardInput, FitShardPrepared>(cancellation)
{
    public const string LifetimeName = "lifetime.bin";
    public const string SegmentationName = "segmentation-rows.bin";
    public const string FeatureRowsName = "feature-rows.bin";

    protected override async Task<FitShardPrepared> ExecuteAsync(PrepareFitShardInput input, CancellationToken cancellationToken)
    {
        var settings = options.Value.EffectiveTraining();
        var manifest = await snapshots.ReadManifestAsync(input.SnapshotId, cancellationToken);
        var shards = FeatureSnapshotReader.ShardsOf(manifest);
        if (input.Shard < 0 || input.Shard >= shards.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(input), input.Shard, $"Snapshot {input.SnapshotId} has {shards.Count} shard(s).");
        }

        var trainer = new ModelBundleTrainer(settings);
        var featurizer = new SnapshotRowFeaturizer(manifest.AsOf, settings.TimeUnit);
        var segmentation = trainer.NewSegmentationShard(checked((int)shards[input.Shard].RowCount));
        var lifetime = new List<LifetimeData>();
        await using var featureRows = new FeatureRowsWriter(FeatureNames.All);
        await foreach (var group in snapshots.ReadShardRowGroupsAsync(input.SnapshotId, input.Shard, settings.TimeUnit, cancellationToken))
        {
            await Task.Run(() =>
            {
                featurizer.Featurize(group, cancellationToken);
                var rows = RowsOf(featurizer, featureRows);
                lifetime.Add(trainer.LifetimeDataOf(rows));
                segmentation.Add(rows);
            }, cancellationToken);
        }

        featurizer.Complete();
        var (lifetimeData, segmentationRows) = await Task.Run(() => (LifetimeData.Combine(lifetime), segmentation.Build()), cancellationToken);
        var lifetimeBlob = files.ShardPart(input.RunId, input.Shard, LifetimeName);
        var segmentationBlob = files.ShardPart(input.RunId, input.Shard, SegmentationName);
        var featureRowsBlob = files.ShardPart(input.RunId, input.Shard, FeatureRowsName);
        await parts.WriteAsync(lifetimeBlob, lifetimeData, cancellationToken);
        await parts.WriteAsync(segmentationBlob, segmentationRows, cancellationToken);
        await parts.WriteFeatureRowsAsync(featureRowsBlob, featureRows, cancellationToken);
        return new FitShardPrepared(
            input.Shard, featurizer.Documents, segmentationRows.Rows.Rows, lifetimeData.Purchases.Customers, lifetimeData.Purchases.Observations.Count,
            lifetimeBlob, segmentationBlob, featureRowsBlob);
    }

    /// <summary>The rows of the group's customers known at the snapshot's time as a table, each also appended to the feature rows file.</summary>
    private static TrainingTable RowsOf(SnapshotRowFeaturizer featurizer, FeatureRowsWriter featureRows)
    {
        var width = TrainingRowFeaturizer.Width;
        var ids = new List<string>(featurizer.Count);
        var values = new double[featurizer.Count * width];
        for (var i = 0; i < featurizer.Count; i++)
        {
            if (featurizer.HasRow(i))
            {
                var row = featurizer.Row(i);
                row.CopyTo(values.AsSpan(ids.Count * width, width));
                featureRows.Append(row);
                ids.Add(featurizer.CustomerId(i));
            }
        }

        var report = TrainingTableBuilder.Report(featurizer.Count, 0, ids.Count, new int[width], featurizer.AsOf, [], []);
        return new TrainingTable(featurizer.AsOf, featurizer.TimeUnit, ids, FeatureNames.All, values[..(ids.Count * width)], report);
    }
}
