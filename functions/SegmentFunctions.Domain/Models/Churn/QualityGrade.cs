namespace SegmentFunctions.Domain.Models.Churn;

/// <summary>
/// Grade of a churn classifier against the recency baseline on the same holdout:
/// A: ROC AUC &gt;= 0.80 and at least baseline + 0.05; B: at least baseline + 0.01; C: not better than the baseline
/// (callers should prefer the baseline or BG/NBD then).
/// </summary>
public enum QualityGrade
{
    A,
    B,
    C,
}
