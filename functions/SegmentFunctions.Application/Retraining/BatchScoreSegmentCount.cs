namespace SegmentFunctions.Application.Retraining;

/// <summary>Customers of one segment in a batch score version (its audience file).</summary>
public sealed record BatchScoreSegmentCount(int SegmentId, string SegmentName, long Count);
