using Microsoft.DurableTask;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Application.Training;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// Refuses a snapshot that cannot train a model (empty, fewer customers than segments, no buyers) with
/// <see cref="RetrainDataException"/>, so the run fails here and the champion keeps serving; and, in the same pass,
/// checks whether its labels are ready for a churn classifier.
/// </summary>
[DurableTask(RetrainActivityNames.CheckReadiness)]
public sealed class CheckReadinessActivity(SnapshotTables tables, IOptions<RetrainingOptions> options, ActivityCancellation cancellation) : RetrainActivity<CheckReadinessInput, ReadinessResult>(cancellation)
{
    protected override async Task<ReadinessResult> ExecuteAsync(CheckReadinessInput input, CancellationToken cancellationToken)
    {
        var settings = options.Value.EffectiveTraining();
        var table = await tables.GetAsync(input.SnapshotId, settings.TimeUnit, cancellationToken);
        return await Task.Run(() => Check(input, table, new ModelBundleTrainer(settings)), cancellationToken);
    }

    private static ReadinessResult Check(CheckReadinessInput input, SnapshotTable table, ModelBundleTrainer trainer)
    {
        // The table's rows are the customers known at the snapshot's time, the run's T.
        long documents = table.Documents;
        var customers = table.Features.RowCount;
        var buyers = table.Buyers();
        var churn = trainer.CheckChurnReadiness(table.Timelines(), input.AsOf, input.CutoffSnapshot);
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
