namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>The serving model when the run looked (version and the pointer's ETag, for the conditional promotion); nulls before the first promotion.</summary>
public sealed record ChampionInfo(string? Version, string? ETag);
