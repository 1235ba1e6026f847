using Microsoft.DurableTask;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Snapshots;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// Splits the feature store into the snapshot's shards (recorded once, so a re-execution gets the same split) for the
/// orchestrator to write one activity each; a snapshot already complete is returned as it is, and nothing is written.
/// </summary>
[DurableTask(RetrainActivityNames.PlanSnapshot)]
public sealed class PlanSnapshotActivity(FeatureSnapshotWriter writer, IFeatureStore features, IOptions<RetrainingOptions> options, ActivityCancellation cancellation)
    : RetrainActivity<TakeSnapshotInput, SnapshotPlanned>(cancellation)
{
    protected override async Task<SnapshotPlanned> ExecuteAsync(TakeSnapshotInput input, CancellationToken cancellationToken)
    {
        var request = new SnapshotRequest(input.SnapshotId, input.AsOf, options.Value.SnapshotSource ?? SourceOf(features));
        if (await writer.FindCompleteAsync(request, cancellationToken) is { } manifest)
        {
            return new SnapshotPlanned(manifest.SnapshotId, FeatureSnapshotReader.ShardsOf(manifest).Count, SnapshotTaken.Of(manifest));
        }

        var plan = await writer.PlanAsync(request, cancellationToken);
        return new SnapshotPlanned(plan.SnapshotId, plan.Ranges.Count, null);
    }

    /// <summary>"sqlite" for SqliteFeatureStore, "cosmos" for CosmosFeatureStore.</summary>
    private static string SourceOf(IFeatureStore store)
    {
        var name = store.GetType().Name;
        const string suffix = "FeatureStore";
        return (name.EndsWith(suffix, StringComparison.Ordinal) && name.Length > suffix.Length ? name[..^suffix.Length] : name).ToLowerInvariant();
    }
}
