using Microsoft.DurableTask;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Retraining.Parts;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Application.Training;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// Trains the churn classifier on the features of the cut-off snapshot, labelled from the snapshot at T, into the
/// run's parts (the classifier's zip and the held-out customers).
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
        // Features as of the cut-off snapshot's own time, so none is newer than its table; within the cut-off
        // tolerance the label window (S, S + H] may end a little after T, where no purchase can be seen yet.
        var atCutoff = await tables.GetAsync(input.CutoffSnapshotId, settings.TimeUnit, cancellationToken);
        var atAsOf = await tables.GetAsync(input.SnapshotId, settings.TimeUnit, cancellationToken);
        var fit = await Task.Run(() => trainer.FitChurn(atCutoff.Features, atAsOf.Timelines(), null, cancellationToken), cancellationToken);
        var blob = files.Part(input.RunId, PartName);
        var classifierBlob = files.Part(input.RunId, ClassifierName);
        await parts.WriteAsync(blob, classifierBlob, fit, cancellationToken);
        return new ChurnPartResult(
            blob, fit.Classifier is null ? null : classifierBlob, fit.NotTrainedReason, fit.HoldoutCustomerIds.Count,
            fit.Quality?.Model.RocAuc, fit.Quality?.Baseline.RocAuc);
    }
}
