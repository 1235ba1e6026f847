namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>Fit one part of the challenger from the snapshot as of T; <paramref name="ChampionVersion"/> lends its segment ids.</summary>
public sealed record FitPartInput(string RunId, string SnapshotId, DateTimeOffset AsOf, string? ChampionVersion);
