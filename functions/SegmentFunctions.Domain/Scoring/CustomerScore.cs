using SegmentFunctions.Domain.Models.Churn;

namespace SegmentFunctions.Domain.Scoring;

/// <summary>
/// One customer scored with a <see cref="ModelBundle"/> as of a time. <see cref="SegmentProbabilities"/>[k] belongs to
/// segment <see cref="ModelBundle.SegmentIds"/>[k]. Churn is the probability of no purchase within
/// <see cref="ChurnHorizonDays"/>; <see cref="ChurnMethod"/> says whether the classifier or the BG/NBD fallback gave it.
/// Expected purchases and CLV cover the bundle's CLV horizon; CLV is null when the bundle has no Gamma-Gamma model.
/// The intervals are 80% intervals from the lifetime models' parameter uncertainty (<see cref="ScoreInterval"/>),
/// null when the bundle carries no parameter draws (and, for CLV, when CLV is null or its upper bound is unbounded).
/// </summary>
public sealed record CustomerScore(
    string CustomerId,
    DateTimeOffset AsOf,
    string ModelVersion,
    int SegmentId,
    string SegmentName,
    double SegmentProbability,
    IReadOnlyList<double> SegmentProbabilities,
    double ChurnProbability,
    RiskBand ChurnRiskBand,
    ChurnMethod ChurnMethod,
    int ChurnHorizonDays,
    IReadOnlyList<FeatureDriver> ChurnDrivers,
    double ProbabilityAlive,
    double ExpectedPurchases,
    int HorizonMonths,
    double? CustomerLifetimeValue,
    string Currency,
    ScoreInterval? ProbabilityAliveInterval = null,
    ScoreInterval? ExpectedPurchasesInterval = null,
    ScoreInterval? CustomerLifetimeValueInterval = null);
