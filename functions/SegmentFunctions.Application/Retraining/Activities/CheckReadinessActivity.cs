using Microsoft.DurableTask;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Application.Training;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// Refuses a snapshot that cannot train a model (empty, fewer customers than segments, no buyers) with
/// <see cref="RetrainDataException"/>, so the run fails here and the champion keeps serving; and, in the same pass,
/// checks whether its labels are ready for a churn classifier. The snapshot is read once, one row group at a time,
/// and only counts are kept (<see cref="Domain.Readiness.DataReadinessTally"/>).
/// </summary>
[DurableTask(RetrainActivityNames.CheckReadiness)]
public sealed class CheckReadinessActivity(FeatureSnapshotReader reader, IOptions<RetrainingOptions> options, ActivityCancellation cancellation) : RetrainActivity<CheckReadinessInput, ReadinessResult>(cancellation)
{
    protected override async Task<ReadinessResult> ExecuteAsync(CheckReadinessInput input, CancellationToken cancellationToken)
    {
        var trainer = new ModelBundleTrainer(options.Value.EffectiveTraining());
        var snapshot = new SnapshotDocuments(reader);
        // The customers are those known at the snapshot's time, the run's T.
        var asOf = (await snapshot.ReadManifestAsync(input.SnapshotId, cancellationToken)).AsOf;
        var tally = trainer.StartChurnReadiness(input.AsOf, input.CutoffSnapshot);
        long documents = 0;
        int customers = 0, buyers = 0;
        await foreach (var batch in snapshot.ReadAsync(input.SnapshotId, cancellationToken))
        {
            tally.Add(batch, cancellationToken);
            documents += batch.Length;
            SnapshotDocuments.EnsureAsOf(batch, asOf);
            foreach (var document in batch)
            {
                if (TrainingRowFeaturizer.IsKnownAt(document, asOf))
                {
                    customers++;
                    buyers += document.FirstPurchaseAt is { } first && first <= asOf ? 1 : 0;
                }
            }
        }

        var churn = trainer.CheckChurnReadiness(tally);
        if (documents == 0)
        {
            throw new RetrainDataException($"Snapshot {input.SnapshotId} is empty: the feature store holds no customers yet. The champion keeps serving.");
        }

        if (customers < trainer.MinimumCustomers)
        {
            throw new RetrainDataException(
                $"Snapshot {input.SnapshotId} has {customers} customer(s) seen before {input.AsOf:O} of {documents} documents; a model needs at least {trainer.MinimumCustomers}. The champion keeps serving.");
        }

        if (buyers == 0)
        {
            throw new RetrainDataException(
                $"None of the {customers} customers of snapshot {input.SnapshotId} has bought; BG/NBD needs buyers. The champion keeps serving.");
        }

        return new ReadinessResult(
            documents, customers, buyers, churn.IsReady, churn.IsReady ? null : ChurnFit.NotReady(churn).NotTrainedReason, tally.Earliest);
    }
}
