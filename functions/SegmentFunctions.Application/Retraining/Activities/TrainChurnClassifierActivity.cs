using Microsoft.DurableTask;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Retraining.Parts;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Application.Training;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// Trains the churn classifier into the run's parts (the classifier's zip and the held-out customers): on the features
/// of the cut-off snapshot labelled from the snapshot at T, or, without a cut-off snapshot, on a rolling origin of
/// earlier cut-offs whose purchase histories (days and amounts) the snapshot at T carries.
/// </summary>
[DurableTask(RetrainActivityNames.TrainChurnClassifier)]
public sealed class TrainChurnClassifierActivity(
    SnapshotTables tables,
    PartStore parts,
    RetrainRunFiles files,
    IOptions<RetrainingOptions> options,
    ActivityCancellation cancellation)
    : RetrainActivity<TrainChurnInput, ChurnPartResult>(cancellation)
{
    public const string PartName = "churn.json";
    public const string ClassifierName = "churn-classifier.zip";

    protected override async Task<ChurnPartResult> ExecuteAsync(TrainChurnInput input, CancellationToken cancellationToken)
    {
        var settings = options.Value.EffectiveTraining();
        var trainer = new ModelBundleTrainer(settings);
        var atAsOf = await tables.GetAsync(input.SnapshotId, settings.TimeUnit, cancellationToken);
        ChurnFit fit;
        if (input.CutoffSnapshotId is { } cutoffSnapshot)
        {
            // Features as of the cut-off snapshot's own time, so none is newer than its table; within the cut-off
            // tolerance the label window (S, S + H] may end a little after T, where no purchase can be seen yet.
            var atCutoff = await tables.GetAsync(cutoffSnapshot, settings.TimeUnit, cancellationToken);
            fit = await Task.Run(() => trainer.FitChurn(atCutoff.Features, atAsOf.Timelines(), null, cancellationToken), cancellationToken);
        }
        else
        {
            fit = await Task.Run(() => FitRollingOrigin(trainer, atAsOf, cancellationToken), cancellationToken);
        }

        var blob = files.Part(input.RunId, PartName);
        var classifierBlob = files.Part(input.RunId, ClassifierName);
        await parts.WriteAsync(blob, classifierBlob, fit, cancellationToken);
        return new ChurnPartResult(
            blob, fit.Classifier is null ? null : classifierBlob, fit.NotTrainedReason, fit.HoldoutCustomerIds.Count,
            fit.Quality?.Model.RocAuc, fit.Quality?.Baseline.RocAuc);
    }

    /// <summary>Without a snapshot near T - H: every cut-off's purchase history comes from the timelines at T.</summary>
    private static ChurnFit FitRollingOrigin(ModelBundleTrainer trainer, SnapshotTable atAsOf, CancellationToken cancellationToken)
    {
        // Timelines() creates each document as enumerated, so the passes over a million customers never hold them all.
        var readiness = trainer.CheckChurnReadiness(atAsOf.Timelines(), atAsOf.AsOf, cutoffDocuments: false);
        return readiness is { IsReady: true, Plan: { } plan }
            ? trainer.FitChurnRollingOrigin(atAsOf.Timelines(), plan, readiness, cancellationToken)
            : ChurnFit.NotReady(readiness);
    }
}
