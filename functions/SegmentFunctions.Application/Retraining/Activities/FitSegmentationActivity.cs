using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Registry;
using SegmentFunctions.Application.Retraining.Parts;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Application.Training;
using SegmentFunctions.Domain.Scoring;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// Fits the segmentation of the snapshot at T into the run's parts: the scaler from the shards' combined column
/// moments and the mixture iterating here over the shards' segmentation rows (<see cref="PrepareFitShardActivity"/>),
/// each E-step shard by shard with the statistics combined for the M-step, so the history holds one call however many
/// iterations it takes; then the segments' profiles and names from the shards' feature rows, read shard after shard in
/// blocks from local copies (<see cref="PartStore.DownloadFeatureRowsAsync"/>), so no table of the snapshot is held;
/// ids carried over from the champion.
/// </summary>
[DurableTask(RetrainActivityNames.FitSegmentation)]
public sealed partial class FitSegmentationActivity(
    FeatureSnapshotReader snapshots,
    ModelRegistry registry,
    PartStore parts,
    RetrainRunFiles files,
    IOptions<RetrainingOptions> options,
    ILogger<FitSegmentationActivity> logger,
    ActivityCancellation cancellation)
    : RetrainActivity<FitSegmentationInput, SegmentationPartResult>(cancellation)
{
    public const string PartName = "segmentation.json";

    protected override async Task<SegmentationPartResult> ExecuteAsync(FitSegmentationInput input, CancellationToken cancellationToken)
    {
        var previous = input.ChampionVersion is { } version ? await LoadChampionAsync(version, cancellationToken) : null;
        var settings = options.Value.EffectiveTraining();
        var trainer = new ModelBundleTrainer(settings);
        var shards = new List<SegmentationShard>(input.ShardBlobs.Count);
        foreach (var shardBlob in input.ShardBlobs)
        {
            shards.Add(await parts.ReadSegmentationShardAsync(shardBlob, cancellationToken));
        }

        var customers = shards.Sum(s => s.Rows.Rows);
        trainer.EnsureEnoughCustomers(customers, (await snapshots.ReadManifestAsync(input.SnapshotId, cancellationToken)).AsOf);
        using var featureRows = await parts.DownloadFeatureRowsAsync(input.FeatureRowBlobs, cancellationToken);
        var fit = await Task.Run(() => trainer.FitSegmentation(shards, featureRows, previous, cancellationToken), cancellationToken);
        var blob = files.Part(input.RunId, PartName);
        await parts.WriteAsync(blob, fit, cancellationToken);
        return new SegmentationPartResult(blob, customers, fit.Mixture.Components, fit.Mixture.Elbo, fit.Warnings);
    }

    /// <summary>The champion lends its segment ids; one that does not load is ignored (ids then start afresh).</summary>
    private async Task<ModelBundle?> LoadChampionAsync(string version, CancellationToken cancellationToken)
    {
        try
        {
            await using var bundle = await registry.OpenBundleAsync(version, cancellationToken);
            return await ModelBundleSerializer.LoadAsync(bundle, cancellationToken);
        }
        catch (Exception e) when (e is ModelBundleFormatException or ModelVersionNotFoundException)
        {
            LogChampionUnreadable(logger, e, version);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Champion {Version} does not load; the challenger's segment ids start afresh")]
    private static partial void LogChampionUnreadable(ILogger logger, Exception exception, string version);
}
