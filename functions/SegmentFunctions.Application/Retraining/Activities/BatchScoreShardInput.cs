namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>Score shard <paramref name="Shard"/> of snapshot <paramref name="SnapshotId"/> with the model <paramref name="ModelVersion"/>.</summary>
public sealed record BatchScoreShardInput(string ModelVersion, string SnapshotId, int Shard);
