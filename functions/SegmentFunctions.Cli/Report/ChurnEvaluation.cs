using SegmentFunctions.Domain.Models.Churn;

namespace SegmentFunctions.Cli.Report;

/// <summary>
/// The churn classifier on its holdout: one predicted probability and one label (true = churned) per customer, the
/// recency baseline's scores on the same customers when available (higher = more likely to churn), and the metrics
/// and grade of both.
/// </summary>
internal sealed record ChurnEvaluation(
    ChurnQuality Quality,
    IReadOnlyList<double> Probabilities,
    IReadOnlyList<bool> Churned,
    IReadOnlyList<double>? BaselineScores);
