using Microsoft.DurableTask;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Retraining.Parts;
using SegmentFunctions.Application.Training;
using SegmentFunctions.Domain.Models.Lifetime;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// Fits BG/NBD and Gamma-Gamma, with their parameter draws, into the run's parts: on the compressed lifetime data the
/// shards' <see cref="PrepareFitShardActivity"/> wrote, combined exactly (counts of equal histories add), so the fit
/// never holds the snapshot and gives the model of the whole customer base whatever the number of shards.
/// </summary>
[DurableTask(RetrainActivityNames.FitLifetime)]
public sealed class FitLifetimeActivity(
    PartStore parts,
    RetrainRunFiles files,
    IOptions<RetrainingOptions> options, ActivityCancellation cancellation) : RetrainActivity<FitLifetimeInput, LifetimePartResult>(cancellation)
{
    public const string PartName = "lifetime.json";

    protected override async Task<LifetimePartResult> ExecuteAsync(FitLifetimeInput input, CancellationToken cancellationToken)
    {
        var settings = options.Value.EffectiveTraining();
        var shards = new List<LifetimeData>(input.ShardBlobs.Count);
        foreach (var shardBlob in input.ShardBlobs)
        {
            shards.Add(await parts.ReadLifetimeDataAsync(shardBlob, cancellationToken));
        }

        var fit = await Task.Run(() => new ModelBundleTrainer(settings).FitLifetime(LifetimeData.Combine(shards)), cancellationToken);
        var blob = files.Part(input.RunId, PartName);
        await parts.WriteAsync(blob, fit, cancellationToken);
        return new LifetimePartResult(blob, fit.BgNbd.Customers, fit.BgNbd.LogLikelihood, fit.GammaGamma?.LogLikelihood, fit.Warnings);
    }
}
