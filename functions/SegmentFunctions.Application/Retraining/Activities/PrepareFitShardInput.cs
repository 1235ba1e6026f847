namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>Gather what the fits need from shard <paramref name="Shard"/> of snapshot <paramref name="SnapshotId"/> into run <paramref name="RunId"/>'s parts.</summary>
public sealed record PrepareFitShardInput(string RunId, string SnapshotId, int Shard);
