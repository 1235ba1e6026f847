namespace SegmentFunctions.Application.BatchScoring;

/// <summary>
/// One segment of a batch score version: its row count and its audience file
/// (<c>segments/{SegmentId}.parquet</c>, lowercase hex SHA-256 and length checked by every reader).
/// </summary>
public sealed record BatchScoreSegment(int SegmentId, string SegmentName, long Count, string ContentSha256, long ContentLength);
