using SegmentFunctions.Domain.Models.Churn;
using SegmentFunctions.Domain.Scoring;

namespace SegmentFunctions.Scoring;

/// <summary>
/// <c>GET /api/customers/{id}/scores</c>: one customer's scores. <see cref="Source"/> is "live" (current features,
/// serving model, as of now) or "batch" (the serving model's latest batch run, as of its snapshot). P(alive),
/// expected purchases and CLV carry an 80% interval (low, high) from the lifetime models' parameter uncertainty.
/// </summary>
public sealed record CustomerScoreResponse(
    string CustomerId,
    string ModelVersion,
    DateTimeOffset AsOf,
    string Source,
    SegmentScore Segment,
    ChurnScore Churn,
    Estimate PAlive,
    HorizonValue ExpectedPurchases,
    CustomerLifetimeValue Clv);

/// <summary>The most probable segment and the probability of every segment of the model.</summary>
public sealed record SegmentScore(int Id, string Name, double Probability, IReadOnlyList<SegmentProbability> Probabilities);

public sealed record SegmentProbability(int Id, double Probability);

/// <summary>
/// Churn: the probability of no purchase within <see cref="HorizonDays"/>. <see cref="Method"/> says whether the
/// classifier gave it or, when the model has none, the BG/NBD expected-purchases fallback; drivers come only from
/// the classifier, and only for a single live score.
/// </summary>
public sealed record ChurnScore(double Probability, RiskBand Band, ChurnMethod Method, int HorizonDays, IReadOnlyList<FeatureDriver> Drivers);

/// <summary>
/// A value with its 80% interval. <see cref="Low"/> and <see cref="High"/> are null when the model carries no
/// parameter draws (bundles trained before them, or a likelihood too flat at the estimate).
/// A struct, so the score response costs no extra allocation for it.
/// </summary>
public readonly record struct Estimate(double Value, double? Low, double? High);

/// <summary>A value over the horizon with its 80% interval (null bounds as in <see cref="Estimate"/>).</summary>
public readonly record struct HorizonValue(int HorizonDays, double Value, double? Low, double? High);

/// <summary>
/// Discounted customer lifetime value over the horizon with its 80% interval; <see cref="Value"/> is null when the
/// model has no spend (Gamma-Gamma) model, and the bounds are null as in <see cref="Estimate"/> and also when the
/// upper bound is unbounded (too many parameter draws with an infinite mean spend).
/// </summary>
public readonly record struct CustomerLifetimeValue(int HorizonDays, double? Value, double? Low, double? High, string Currency);

/// <summary><c>POST /api/scores/batch</c> body.</summary>
public sealed record BatchScoreRequest(IReadOnlyList<string>? CustomerIds);

/// <summary>Scores in request order, all from <see cref="ModelVersion"/>.</summary>
public sealed record BatchScoreResponse(string ModelVersion, int Scored, int Unknown, IReadOnlyList<BatchScoreItem> Results);

/// <summary>One id of a batch: <see cref="Status"/> "scored" (with <see cref="Score"/>), "unknown" or "unscorable" (with <see cref="Problem"/>).</summary>
public sealed record BatchScoreItem(string CustomerId, string Status, CustomerScoreResponse? Score, string? Problem);
