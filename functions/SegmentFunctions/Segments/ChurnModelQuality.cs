using SegmentFunctions.Domain.Models.Churn;
using SegmentFunctions.Domain.Scoring;

namespace SegmentFunctions.Segments;

/// <summary>
/// The serving model's churn classifier against the recency baseline on the same held-out customers: its grade (A, B
/// or C; null without a classifier), both ROC AUCs and the classifier's top-decile lift, or why no classifier was
/// trained (churn is then scored from BG/NBD).
/// </summary>
public sealed record ChurnModelQuality(QualityGrade? Grade, double? RocAuc, double? BaselineRocAuc, double? TopDecileLift, string? NotTrainedReason)
{
    public static ChurnModelQuality From(ModelBundleMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return new ChurnModelQuality(
            metrics.ChurnGrade, metrics.Churn?.RocAuc, metrics.ChurnBaseline?.RocAuc, metrics.Churn?.TopDecileLift, metrics.ChurnNotTrainedReason);
    }
}
