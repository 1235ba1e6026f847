namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// Fit the segmentation of run <paramref name="RunId"/> on the shards' segmentation rows (<paramref name="ShardBlobs"/>,
/// in shard order) of snapshot <paramref name="SnapshotId"/>; <paramref name="ChampionVersion"/> lends its segment ids.
/// </summary>
public sealed record FitSegmentationInput(string RunId, string SnapshotId, string? ChampionVersion, IReadOnlyList<string> ShardBlobs);
