namespace SegmentFunctions.Domain.Models.Churn;

/// <summary>A churn probability with the features that push it most toward churn, largest first.</summary>
public sealed record ChurnExplanation(double Probability, IReadOnlyList<FeatureDriver> Drivers);
