using Microsoft.DurableTask;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Retraining.Parts;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Application.Training;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// Trains the churn classifier into the run's parts (the classifier's zip and the held-out customers): on the features
/// of the cut-off snapshot labelled from the snapshot at T, or, without a cut-off snapshot, on a rolling origin of
/// earlier cut-offs whose purchase histories (days and amounts) the snapshot at T carries. Both snapshots are streamed
/// a row group at a time; only the customers sampled by id (<see cref="ChurnSample"/>) keep a row, so memory is the
/// sample's, whatever the number of customers or shards.
/// </summary>
[DurableTask(RetrainActivityNames.TrainChurnClassifier)]
public sealed class TrainChurnClassifierActivity(
    FeatureSnapshotReader reader,
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
        var snapshots = new SnapshotDocuments(reader);
        var fit = input.CutoffSnapshotId is { } cutoffSnapshot
            ? await FitAtCutoffAsync(reader, trainer, settings, snapshots, cutoffSnapshot, input.SnapshotId, input.EarliestFirstSeen, cancellationToken)
            : await FitRollingOriginAsync(trainer, snapshots, input.SnapshotId, cancellationToken);

        var blob = files.Part(input.RunId, PartName);
        var classifierBlob = files.Part(input.RunId, ClassifierName);
        await parts.WriteAsync(blob, classifierBlob, fit, cancellationToken);
        return new ChurnPartResult(
            blob, fit.Classifier is null ? null : classifierBlob, fit.NotTrainedReason, fit.HoldoutCustomerIds.Count,
            fit.Quality?.Model.RocAuc, fit.Quality?.Baseline.RocAuc);
    }

    /// <summary>
    /// Features as of the cut-off snapshot's own time S, so none is newer than its documents; within the cut-off
    /// tolerance the label window (S, S + H] may end a little after T, where no purchase can be seen yet. The cut-off
    /// snapshot's rows are read first (BG/NBD's counts of every buyer, the sampled rows), then T's documents (labels of
    /// the sampled ids: with T's earliest first-seen time given, only their documents are decoded).
    /// </summary>
    private static async Task<ChurnFit> FitAtCutoffAsync(
        FeatureSnapshotReader reader, ModelBundleTrainer trainer, ModelBundleTrainingOptions settings, SnapshotDocuments snapshots,
        string cutoffSnapshot, string snapshotId, DateTimeOffset? earliestFirstSeen, CancellationToken cancellationToken)
    {
        var cutoff = (await snapshots.ReadManifestAsync(cutoffSnapshot, cancellationToken)).AsOf;
        var training = trainer.StartChurn(cutoff);
        var rows = new SnapshotRowFeaturizer(cutoff, settings.TimeUnit);
        await foreach (var group in reader.ReadRowGroupsAsync(cutoffSnapshot, settings.TimeUnit, cancellationToken))
        {
            rows.Featurize(group, cancellationToken);
            for (var i = 0; i < rows.Count; i++)
            {
                if (rows.HasRow(i))
                {
                    training.AddFeatures(rows.CustomerId(i), rows.Row(i));
                }
            }
        }

        rows.Complete();

        Func<string, bool>? include = null;
        if (earliestFirstSeen is { } earliest)
        {
            training.StartLabels(earliest);
            include = training.NeedsLabel;
        }

        await foreach (var batch in snapshots.ReadAsync(snapshotId, include, cancellationToken))
        {
            training.AddLabels(batch);
        }

        return training.Plan() is { IsRollingOrigin: true } rolling
            ? await FitRollingOriginAsync(trainer, snapshots, snapshotId, rolling, readiness: null, cancellationToken)
            : await Task.Run(() => training.Fit(readiness: null, cancellationToken), cancellationToken);
    }

    /// <summary>Without a snapshot near T - H: every cut-off's purchase history comes from the documents at T.</summary>
    private static async Task<ChurnFit> FitRollingOriginAsync(
        ModelBundleTrainer trainer, SnapshotDocuments snapshots, string snapshotId, CancellationToken cancellationToken)
    {
        var asOf = (await snapshots.ReadManifestAsync(snapshotId, cancellationToken)).AsOf;
        var tally = trainer.StartChurnReadiness(asOf, cutoffDocuments: false);
        await foreach (var batch in snapshots.ReadAsync(snapshotId, cancellationToken))
        {
            tally.Add(batch, cancellationToken);
        }

        var readiness = trainer.CheckChurnReadiness(tally);
        return readiness is { IsReady: true, Plan: { } plan }
            ? await FitRollingOriginAsync(trainer, snapshots, snapshotId, plan, readiness, cancellationToken)
            : ChurnFit.NotReady(readiness);
    }

    /// <summary>Two passes over T's documents: each cut-off's buyers for its BG/NBD, then the sampled rows.</summary>
    private static async Task<ChurnFit> FitRollingOriginAsync(
        ModelBundleTrainer trainer, SnapshotDocuments snapshots, string snapshotId, ChurnTrainingPlan plan,
        Domain.Readiness.DataReadinessReport? readiness, CancellationToken cancellationToken)
    {
        var training = trainer.StartChurnRollingOrigin(plan);
        await foreach (var batch in snapshots.ReadAsync(snapshotId, cancellationToken))
        {
            training.AddHistory(batch, cancellationToken);
        }

        await foreach (var batch in snapshots.ReadAsync(snapshotId, cancellationToken))
        {
            training.AddRows(batch);
        }

        return await Task.Run(() => training.Fit(readiness, cancellationToken), cancellationToken);
    }
}
