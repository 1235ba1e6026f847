namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// Write shard <paramref name="Shard"/> of the snapshot planned under <paramref name="SnapshotId"/> as of
/// <paramref name="AsOf"/>, counting its documents for the readiness check under the run's churn horizon
/// <paramref name="ChurnHorizonDays"/>.
/// </summary>
public sealed record WriteSnapshotShardInput(string SnapshotId, DateTimeOffset AsOf, int Shard, int ChurnHorizonDays);
