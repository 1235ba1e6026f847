namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>A scored shard: its customers scored and those skipped (not known at the snapshot's time).</summary>
public sealed record BatchScoreShardResult(int Shard, long Scored, long Skipped);
