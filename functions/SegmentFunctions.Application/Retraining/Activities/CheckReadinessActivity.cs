using Microsoft.DurableTask;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Application.Training;
using SegmentFunctions.Domain.Readiness;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// Refuses a snapshot that cannot train a model (empty, fewer customers than segments, no buyers, documents newer than
/// T) with <see cref="RetrainDataException"/> (<see cref="ModelTrainingException"/> for newer documents), so the run
/// fails here and the champion keeps serving; and checks whether its labels are ready for a churn classifier. It
/// decides on counts only (<see cref="ReadinessCounter"/>): those the shards' writers took as they wrote the snapshot,
/// added up, when every shard has them; else it reads the snapshot once, one row group at a time, and counts. Both
/// give the same counts, so the same result and the same errors.
/// </summary>
[DurableTask(RetrainActivityNames.CheckReadiness)]
public sealed class CheckReadinessActivity(FeatureSnapshotReader reader, IOptions<RetrainingOptions> options, ActivityCancellation cancellation) : RetrainActivity<CheckReadinessInput, ReadinessResult>(cancellation)
{
    protected override async Task<ReadinessResult> ExecuteAsync(CheckReadinessInput input, CancellationToken cancellationToken)
    {
        var trainer = new ModelBundleTrainer(options.Value.EffectiveTraining());
        var tally = trainer.StartChurnReadiness(input.AsOf, input.CutoffSnapshot);
        var counter = AddShards(input, tally) ?? await ReadAsync(input.SnapshotId, tally, cancellationToken);
        counter.EnsureAsOf();
        var (documents, customers, buyers) = (counter.Documents, counter.Customers, counter.Buyers);

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

    /// <summary>
    /// The shards' counts added up, when every shard has counts taken at the run's T and horizon with the windows this
    /// check needs; else null. The writers counted at the snapshot's time, which is the run's T.
    /// </summary>
    private static ReadinessCounter? AddShards(CheckReadinessInput input, DataReadinessTally tally)
    {
        if (input.Shards is not { } shards
            || shards.Any(s => s?.Tally is null || s.Tally.AsOf != tally.AsOf || s.Tally.HorizonDays != tally.HorizonDays || (tally.CutoffDocuments && !s.Tally.CutoffDocuments)))
        {
            return null;
        }

        var counter = new ReadinessCounter(input.AsOf, tally);
        foreach (var shard in shards)
        {
            counter.Add(shard);
        }

        return counter;
    }

    /// <summary>Counts the snapshot's documents as they are read, refusing it at the first row group with newer documents.</summary>
    private async Task<ReadinessCounter> ReadAsync(string snapshotId, DataReadinessTally tally, CancellationToken cancellationToken)
    {
        var snapshot = new SnapshotDocuments(reader);
        // The customers are those known at the snapshot's time, the run's T.
        var counter = new ReadinessCounter((await snapshot.ReadManifestAsync(snapshotId, cancellationToken)).AsOf, tally);
        await foreach (var rowGroup in snapshot.ReadAsync(snapshotId, cancellationToken))
        {
            counter.Add(rowGroup, cancellationToken);
            counter.EnsureAsOf();
        }

        return counter;
    }
}
