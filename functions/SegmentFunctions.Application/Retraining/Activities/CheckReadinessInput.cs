namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// Check that the snapshot at T can train a model, and whether its labels can train a churn classifier;
/// <paramref name="CutoffSnapshot"/> says whether a snapshot near T - H exists (without one the classifier is planned
/// on a rolling origin). <paramref name="Shards"/> are the counts of every shard in shard order, taken by the shards'
/// writers, or null when any shard has none (the snapshot was complete already): the check then reads the snapshot.
/// </summary>
public sealed record CheckReadinessInput(
    string SnapshotId, DateTimeOffset AsOf, int ChurnHorizonDays, bool CutoffSnapshot, IReadOnlyList<ShardReadinessCounts>? Shards = null);
