using SegmentFunctions.Domain.Models.Churn;

namespace SegmentFunctions.Domain.Scoring;

/// <summary>Training figures published with a bundle (see the training report for the full picture).</summary>
/// <param name="Customers">Rows of the training table as of the bundle's as-of time.</param>
/// <param name="Elbo">Final ELBO of the segmentation.</param>
/// <param name="EffectiveComponents">Segments the mixture kept.</param>
/// <param name="BgNbdLogLikelihood">BG/NBD log-likelihood on the training table.</param>
/// <param name="GammaGammaLogLikelihood">Gamma-Gamma log-likelihood, null when not fitted.</param>
/// <param name="Churn">Classifier metrics on the held-out customers, null when not trained.</param>
/// <param name="ChurnBaseline">Recency baseline on the same customers.</param>
/// <param name="ChurnGrade">Grade of the classifier against the baseline.</param>
/// <param name="ChurnNotTrainedReason">Why no classifier was trained, null when one was.</param>
public sealed record ModelBundleMetrics(
    int Customers,
    double Elbo,
    int EffectiveComponents,
    double BgNbdLogLikelihood,
    double? GammaGammaLogLikelihood,
    ChurnMetrics? Churn,
    ChurnMetrics? ChurnBaseline,
    QualityGrade? ChurnGrade,
    string? ChurnNotTrainedReason);
