namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>The published version, the version serving afterwards and the one it replaced.</summary>
public sealed record PublishResult(string Version, string ServingVersion, string? PreviousVersion);
