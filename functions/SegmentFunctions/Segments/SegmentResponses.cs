using SegmentFunctions.Application.BatchScoring;

namespace SegmentFunctions.Segments;

/// <summary>
/// <c>GET /api/segments</c>: the serving model's segments, the quality of its churn model, and from its latest batch
/// scores the customers scored and how customers moved between segments since the previous version's scores
/// (null when there are no batch scores, or no previous version to compare with).
/// </summary>
public sealed record SegmentListResponse(
    string ModelVersion,
    DateTimeOffset TrainedAt,
    DateTimeOffset AsOf,
    IReadOnlyList<SegmentSummary> Segments,
    ChurnModelQuality Churn,
    long? CustomersScored,
    SegmentFlows? Flows);

/// <summary>
/// One segment: size and shares at training, the suggested action and the profile (mean of each segmentation column
/// over the segment's members; null for a segment that kept no members).
/// </summary>
public sealed record SegmentSummary(
    int Id,
    string Name,
    string Action,
    string Rule,
    int Size,
    double CustomerShare,
    double RevenueShare,
    IReadOnlyDictionary<string, double?> Profile);

/// <summary>
/// <c>GET /api/segments/{segmentId}/customers</c> (JSON): one page of an audience from the serving model's batch scores,
/// most likely to churn first or (<see cref="OrderBy"/> expectedValue) highest expected value of a retention contact
/// first. <see cref="ExpectedValue"/> sums that order's positive expected values over the whole filtered audience (the
/// customers worth contacting, <see cref="WorthContacting"/>); both are null in churn order. Amounts (CLV, expected
/// values) are in <see cref="Currency"/>, the model's CLV currency.
/// <see cref="ContinuationToken"/> asks for the next page; null on the last one.
/// </summary>
public sealed record AudienceResponse(
    string ModelVersion,
    int SegmentId,
    string SegmentName,
    DateTimeOffset AsOf,
    string Currency,
    AudienceOrderBy OrderBy,
    double? ExpectedValue,
    int? WorthContacting,
    IReadOnlyList<AudienceMember> Customers,
    string? ContinuationToken);
