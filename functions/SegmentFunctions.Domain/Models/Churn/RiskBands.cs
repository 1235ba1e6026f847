namespace SegmentFunctions.Domain.Models.Churn;

/// <summary>Maps probabilities to <see cref="RiskBand"/>; monotone: a higher probability never gets a lower band.</summary>
public static class RiskBands
{
    public const double MediumFrom = 0.30;
    public const double HighFrom = 0.60;

    public static RiskBand FromProbability(double probability)
    {
        if (!(probability >= 0 && probability <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "A churn probability must be in [0, 1].");
        }

        return probability >= HighFrom ? RiskBand.High : probability >= MediumFrom ? RiskBand.Medium : RiskBand.Low;
    }
}
