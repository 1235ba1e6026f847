using SegmentFunctions.Domain.Models.Churn;
using SegmentFunctions.Domain.Scoring;

namespace SegmentFunctions.Application.BatchScoring;

/// <summary>
/// One customer's row of a batch score file. <see cref="SegmentProbabilities"/>[k] belongs to segment
/// <see cref="BatchScoreManifest.Segments"/>[k] (the bundle's component order). Expected purchases and CLV cover
/// <see cref="BatchScoreManifest.ClvHorizonMonths"/>; churn covers <see cref="BatchScoreManifest.ChurnHorizonDays"/>;
/// <see cref="Clv"/> is null when the bundle has no Gamma-Gamma model. The intervals are the score's 80% intervals
/// from the lifetime models' parameter uncertainty (<see cref="CustomerScore.ProbabilityAliveInterval"/> and the others).
/// </summary>
public sealed record BatchScoreRecord(
    string CustomerId,
    int SegmentId,
    string SegmentName,
    double SegmentProbability,
    IReadOnlyList<double> SegmentProbabilities,
    double ChurnProbability,
    RiskBand ChurnBand,
    ChurnMethod ChurnMethod,
    double ProbabilityAlive,
    double ExpectedPurchases,
    double? Clv,
    DateTimeOffset AsOf,
    ScoreInterval? ProbabilityAliveInterval = null,
    ScoreInterval? ExpectedPurchasesInterval = null,
    ScoreInterval? ClvInterval = null)
{
    /// <summary>The batch row of a score computed by <see cref="CustomerScorer"/>.</summary>
    public static BatchScoreRecord From(CustomerScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        return new BatchScoreRecord(
            score.CustomerId, score.SegmentId, score.SegmentName, score.SegmentProbability, score.SegmentProbabilities,
            score.ChurnProbability, score.ChurnRiskBand, score.ChurnMethod, score.ProbabilityAlive, score.ExpectedPurchases,
            score.CustomerLifetimeValue, score.AsOf, score.ProbabilityAliveInterval, score.ExpectedPurchasesInterval,
            score.CustomerLifetimeValueInterval);
    }
}
