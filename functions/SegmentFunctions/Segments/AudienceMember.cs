using SegmentFunctions.Domain.Models.Churn;
using SegmentFunctions.Scoring;

namespace SegmentFunctions.Segments;

/// <summary>
/// One customer of an audience, from the batch scores. P(alive), expected purchases and CLV carry their 80% intervals
/// as in the score responses (<see cref="Estimate"/>); <see cref="Clv"/> is null without a spend model.
/// <see cref="ExpectedValue"/> is the expected value of a retention contact, given in expected-value order only.
/// </summary>
public sealed record AudienceMember(
    string CustomerId,
    double ChurnProbability,
    RiskBand ChurnBand,
    Estimate PAlive,
    Estimate ExpectedPurchases,
    Estimate? Clv,
    double? ExpectedValue);
