namespace SegmentFunctions.Segments;

/// <summary>
/// A page of an audience and where the next one starts (null on the last), with the expected-value order's total and
/// count of customers worth contacting (null in churn order).
/// </summary>
public sealed record AudiencePage(IReadOnlyList<AudienceMember> Members, long? Next, double? ExpectedValue, int? WorthContacting);
