namespace SegmentFunctions.Domain.Models.Churn;

/// <summary>Classifier metrics next to the baseline's on the same holdout, and the resulting grade.</summary>
public sealed record ChurnQuality(ChurnMetrics Model, ChurnMetrics Baseline, QualityGrade Grade)
{
    public const double GradeAMinimumAuc = 0.80;
    public const double GradeAMinimumGain = 0.05;
    public const double GradeBMinimumGain = 0.01;

    public static ChurnQuality Of(ChurnMetrics model, ChurnMetrics baseline)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(baseline);
        var gain = model.RocAuc - baseline.RocAuc;
        var grade = model.RocAuc >= GradeAMinimumAuc && gain >= GradeAMinimumGain ? QualityGrade.A
            : gain >= GradeBMinimumGain ? QualityGrade.B
            : QualityGrade.C;
        return new ChurnQuality(model, baseline, grade);
    }
}
