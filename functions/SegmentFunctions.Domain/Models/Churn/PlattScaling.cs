namespace SegmentFunctions.Domain.Models.Churn;

/// <summary>
/// Platt's sigmoid from a raw score to a probability (Platt, 1999): p = 1 / (1 + exp(slope * score + offset)),
/// computed in double from the float score and rounded to float, as ML.NET's <c>PlattCalibrator</c> does.
/// </summary>
internal readonly record struct PlattScaling(double Slope, double Offset)
{
    public float Probability(float score) =>
        float.IsNaN(score) ? score : (float)(1 / (1 + Math.Exp(Slope * score + Offset)));
}
