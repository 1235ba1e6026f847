namespace SegmentFunctions.Domain.Features;

/// <summary>Summary of inter-purchase gaps in days.</summary>
public sealed record GapStatistics(int Count, double MeanDays, double StdDevDays, int MinDays, int MaxDays);
