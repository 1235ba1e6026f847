using SegmentFunctions.Domain.Models.Churn;

namespace SegmentFunctions.Segments;

/// <summary><c>GET /api/segments</c>: the serving model's segments.</summary>
public sealed record SegmentListResponse(string ModelVersion, DateTimeOffset TrainedAt, DateTimeOffset AsOf, IReadOnlyList<SegmentSummary> Segments);

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
/// most likely to churn first. <see cref="ContinuationToken"/> asks for the next page; null on the last one.
/// </summary>
public sealed record AudienceResponse(
    string ModelVersion,
    int SegmentId,
    string SegmentName,
    DateTimeOffset AsOf,
    IReadOnlyList<AudienceMember> Customers,
    string? ContinuationToken);

public sealed record AudienceMember(string CustomerId, double ChurnProbability, RiskBand ChurnBand, double PAlive, double ExpectedPurchases, double? Clv);
