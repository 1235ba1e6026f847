namespace SegmentFunctions.Application.BatchScoring;

/// <summary>
/// Customers that were in segment <see cref="FromSegmentId"/> in the previous version and are in
/// <see cref="ToSegmentId"/> now. A null <see cref="FromSegmentId"/> means new customers (not scored before); a null
/// <see cref="ToSegmentId"/> means customers scored before but absent now (erased or no longer in the snapshot).
/// </summary>
public sealed record SegmentFlow(int? FromSegmentId, int? ToSegmentId, long Count);
