namespace SegmentFunctions.Application.Registry;

/// <summary>The serving pointer, models/current.json: which version serves, which served before, when and why.</summary>
public sealed record CurrentModel(string Version, string? PreviousVersion, DateTimeOffset PromotedAt, string Reason);
