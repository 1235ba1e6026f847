namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>Fit BG/NBD and Gamma-Gamma for run <paramref name="RunId"/> on the lifetime data of the shards (<paramref name="ShardBlobs"/>, in shard order).</summary>
public sealed record FitLifetimeInput(string RunId, IReadOnlyList<string> ShardBlobs);
