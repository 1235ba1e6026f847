using Microsoft.ML.Data;

namespace SegmentFunctions.Domain.Models.Churn;

/// <summary>ML.NET prediction of the explaining model: probability and per-feature contributions to the score.</summary>
internal sealed class ChurnExplainOutput
{
    public float Probability { get; set; }

    [ColumnName("FeatureContributions")]
    public float[] Contributions { get; set; } = [];
}
