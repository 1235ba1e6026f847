using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Orchestration;
using SegmentFunctions.Application.Retraining.Parts;
using SegmentFunctions.Application.Training;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// Trains the churn classifier on the features of the cut-off snapshot, labelled from the snapshot at T, into the
/// run's parts (the classifier's zip and the held-out customers).
/// </summary>
public sealed class TrainChurnClassifierActivity(
    SnapshotDocuments snapshots,
    PartStore parts,
    RetrainRunFiles files,
    IOptions<RetrainingOptions> options)
    : IActivity<TrainChurnInput, ChurnPartResult>
{
    public const string PartName = "churn.json";
    public const string ClassifierName = "churn-classifier.zip";

    public async Task<ChurnPartResult> RunAsync(TrainChurnInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        var trainer = new ModelBundleTrainer(options.Value.EffectiveTraining());
        var fit = await Task.Run(() =>
        {
            // Features as of the snapshot's own time, so none is newer than its table; within the cut-off tolerance
            // the label window (S, S + H] may end a little after T, where no purchase can be seen yet.
            var atCutoff = trainer.BuildTable(snapshots.Read(input.CutoffSnapshotId, cancellationToken), input.CutoffAsOf);
            return trainer.FitChurn(atCutoff, snapshots.Read(input.SnapshotId, cancellationToken), null, cancellationToken);
        }, cancellationToken);
        var blob = files.Part(input.RunId, PartName);
        var classifierBlob = files.Part(input.RunId, ClassifierName);
        await parts.WriteAsync(blob, classifierBlob, fit, cancellationToken);
        return new ChurnPartResult(
            blob, fit.Classifier is null ? null : classifierBlob, fit.NotTrainedReason, fit.HoldoutCustomerIds.Count,
            fit.Quality?.Model.RocAuc, fit.Quality?.Baseline.RocAuc);
    }
}
