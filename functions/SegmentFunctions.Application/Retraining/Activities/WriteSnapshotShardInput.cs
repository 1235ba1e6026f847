namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>Write shard <paramref name="Shard"/> of the snapshot planned under <paramref name="SnapshotId"/> as of <paramref name="AsOf"/>.</summary>
public sealed record WriteSnapshotShardInput(string SnapshotId, DateTimeOffset AsOf, int Shard);
