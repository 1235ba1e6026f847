namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// Fit the segmentation of run <paramref name="RunId"/> on the shards' segmentation rows (<paramref name="ShardBlobs"/>,
/// in shard order) of snapshot <paramref name="SnapshotId"/>, the segments profiled on the same shards' feature rows
/// (<paramref name="FeatureRowBlobs"/>); <paramref name="ChampionVersion"/> lends its segment ids.
/// </summary>
public sealed record FitSegmentationInput(
    string RunId, string SnapshotId, string? ChampionVersion, IReadOnlyList<string> ShardBlobs, IReadOnlyList<string> FeatureRowBlobs);
