using Microsoft.DurableTask;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Snapshots;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// Streams the feature store into the snapshot; writing an id that is already complete returns its manifest. Documents
/// with an event after the as-of time (live traffic during the run) are left out and counted as excluded: a training
/// table as of T refuses them, and they are in the next run's snapshot.
/// </summary>
[DurableTask(RetrainActivityNames.TakeSnapshot)]
public sealed class TakeSnapshotActivity(FeatureSnapshotWriter writer, IFeatureStore features, IOptions<RetrainingOptions> options, ActivityCancellation cancellation) : RetrainActivity<TakeSnapshotInput, SnapshotTaken>(cancellation)
{
    protected override async Task<SnapshotTaken> ExecuteAsync(TakeSnapshotInput input, CancellationToken cancellationToken)
    {
        var source = options.Value.SnapshotSource ?? SourceOf(features);
        var manifest = await writer.WriteAsync(new SnapshotRequest(input.SnapshotId, input.AsOf, source), d => !(d.LastSeenAt > input.AsOf), cancellationToken);
        return new SnapshotTaken(manifest.SnapshotId, manifest.AsOf, manifest.RowCount, manifest.ContentSha256);
    }

    /// <summary>"sqlite" for SqliteFeatureStore, "cosmos" for CosmosFeatureStore.</summary>
    private static string SourceOf(IFeatureStore store)
    {
        var name = store.GetType().Name;
        const string suffix = "FeatureStore";
        return (name.EndsWith(suffix, StringComparison.Ordinal) && name.Length > suffix.Length ? name[..^suffix.Length] : name).ToLowerInvariant();
    }
}
