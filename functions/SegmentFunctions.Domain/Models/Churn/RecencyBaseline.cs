using SegmentFunctions.Domain.Models;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Domain.Models.Churn;

/// <summary>
/// The rule a classifier must beat: "churned if no purchase in the last H/2 days" (recencyDays &gt;= H/2; for
/// non-buyers, days since first seen). So that probability metrics are comparable, each side of the rule predicts
/// its churn rate on the training data, Laplace-smoothed: (churners + 1) / (customers + 2).
/// </summary>
public sealed class RecencyBaseline
{
    private RecencyBaseline(double thresholdDays, double probabilityIfInactive, double probabilityIfActive)
    {
        ThresholdDays = thresholdDays;
        ProbabilityIfInactive = probabilityIfInactive;
        ProbabilityIfActive = probabilityIfActive;
    }

    public double ThresholdDays { get; }
    public double ProbabilityIfInactive { get; }
    public double ProbabilityIfActive { get; }

    public static RecencyBaseline Fit(ChurnDataset train)
    {
        ArgumentNullException.ThrowIfNull(train);
        var threshold = train.HorizonDays / 2.0;
        var recency = train.Features.Column(FeatureNames.RecencyDays);
        int inactive = 0, inactiveChurned = 0, active = 0, activeChurned = 0;
        for (var i = 0; i < recency.Length; i++)
        {
            var churned = train.Churned[i] ? 1 : 0;
            if (recency[i] >= threshold)
            {
                inactive++;
                inactiveChurned += churned;
            }
            else
            {
                active++;
                activeChurned += churned;
            }
        }

        return new RecencyBaseline(threshold, (inactiveChurned + 1.0) / (inactive + 2.0), (activeChurned + 1.0) / (active + 2.0));
    }

    public double[] Predict(TrainingTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return [.. table.Column(FeatureNames.RecencyDays).Select(r => r >= ThresholdDays ? ProbabilityIfInactive : ProbabilityIfActive)];
    }
}
