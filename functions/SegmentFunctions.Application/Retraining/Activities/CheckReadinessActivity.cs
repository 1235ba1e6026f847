using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Orchestration;
using SegmentFunctions.Application.Training;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// Refuses a snapshot that cannot train a model (empty, fewer customers than segments, no buyers) with
/// <see cref="RetrainDataException"/>, so the run fails here and the champion keeps serving; and, in the same pass,
/// checks whether its labels are ready for a churn classifier.
/// </summary>
public sealed class CheckReadinessActivity(SnapshotDocuments snapshots, IOptions<RetrainingOptions> options)
    : IActivity<CheckReadinessInput, ReadinessResult>
{
    public Task<ReadinessResult> RunAsync(CheckReadinessInput input, ActivityContext context, CancellationToken cancellationToken) =>
        Task.Run(() => Check(input, cancellationToken), cancellationToken);

    private ReadinessResult Check(CheckReadinessInput input, CancellationToken cancellationToken)
    {
        var trainer = new ModelBundleTrainer(options.Value.EffectiveTraining());
        long documents = 0;
        int customers = 0, buyers = 0;
        var counted = snapshots.Read(input.SnapshotId, cancellationToken).Select(d =>
        {
            documents++;
            if (TrainingRowFeaturizer.IsKnownAt(d, input.AsOf))
            {
                customers++;
                buyers += d.FirstPurchaseAt <= input.AsOf ? 1 : 0;
            }

            return d;
        });
        var churn = trainer.CheckChurnReadiness(counted, input.AsOf);
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

        return new ReadinessResult(documents, customers, buyers, churn.IsReady, churn.IsReady ? null : ChurnFit.NotReady(churn).NotTrainedReason);
    }
}
