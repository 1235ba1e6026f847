namespace SegmentFunctions.Domain.Models.Churn;

/// <summary>ML.NET prediction of the scoring model: the calibrated probability.</summary>
internal sealed class ChurnScoreOutput
{
    public float Probability { get; set; }
}
