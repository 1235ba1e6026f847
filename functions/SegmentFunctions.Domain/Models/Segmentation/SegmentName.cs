namespace SegmentFunctions.Domain.Models.Segmentation;

/// <summary>The human name of a segment, the rule that produced it and the suggested marketing action.</summary>
public sealed record SegmentName(int Segment, string Name, string Rule, string Action);
