using Microsoft.DurableTask;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Retraining.Parts;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Application.Training;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>Fits BG/NBD and Gamma-Gamma on the snapshot at T into the run's parts.</summary>
[DurableTask(RetrainActivityNames.FitLifetime)]
public sealed class FitLifetimeActivity(SnapshotTables tables,
    PartStore parts,
    RetrainRunFiles files,
    IOptions<RetrainingOptions> options, ActivityCancellation cancellation) : RetrainActivity<FitPartInput, LifetimePartResult>(cancellation)
{
    public const string PartName = "lifetime.json";

    protected override async Task<LifetimePartResult> ExecuteAsync(FitPartInput input, CancellationToken cancellationToken)
    {
        var settings = options.Value.EffectiveTraining();
        var table = await tables.GetAsync(input.SnapshotId, settings.TimeUnit, cancellationToken);
        var fit = await Task.Run(() => new ModelBundleTrainer(settings).FitLifetime(table.Features), cancellationToken);
        var blob = files.Part(input.RunId, PartName);
        await parts.WriteAsync(blob, fit, cancellationToken);
        return new LifetimePartResult(blob, fit.BgNbd.Customers, fit.BgNbd.LogLikelihood, fit.GammaGamma?.LogLikelihood, fit.Warnings);
    }
}
